import { PACKET_DATA_SIZE, transactionSize } from "@pod/chain";
import { Keypair, PublicKey } from "@solana/web3.js";
import type { Plan } from "./plan/index.js";
import type { BundleRecord } from "./ready-record.js";
import { buildTransaction, MAX_COMPUTE_UNITS, type TxShape } from "./tx-build.js";
import { TxSizer } from "./tx-size.js";

export interface PackLimits {
  /** The protocol's max_batch: compressed records per append. */
  maxCompressed: number;
  /** Records in one transaction (events carry bundleSize <= 64). */
  maxRecords: number;
  shape: Omit<TxShape, "payer" | "blockhash" | "computeUnits"> & { setComputeUnits: boolean };
  /** Computes sizes without building; made from `shape` when not given. */
  sizer?: TxSizer;
}

// Signatures and keys have fixed sizes: any key and blockhash measure the same bytes.
const SIZING_PAYER = Keypair.generate().publicKey;
const SIZING_BLOCKHASH = PublicKey.default.toBase58();
const sizers = new WeakMap<PackLimits["shape"], TxSizer>();

function sizerOf(limits: PackLimits): TxSizer {
  if (limits.sizer) return limits.sizer;
  let sizer = sizers.get(limits.shape);
  if (!sizer) {
    sizer = new TxSizer(limits.shape);
    sizers.set(limits.shape, sizer);
  }
  return sizer;
}

/**
 * Rough compute units per record, only to keep a packed transaction well inside the
 * 1.4M limit (simulation sets the real figure): an append costs ~62k plus ~4.5k per record.
 */
function estimatedUnits(plans: readonly { plan: Plan; record: BundleRecord }[]): number {
  let units = 0;
  let compressed = 0;
  for (const { plan, record } of plans) {
    if (plan.kind === "compressed") compressed++;
    else if (record.op === "register_agents") {
      units += 8_000 * (plan.createdAccountBytes.length || 1);
    } else units += 12_000;
  }
  return units + (compressed > 0 ? 65_000 + 5_000 * compressed : 0);
}

/** Serialized bytes of these plans, by building and serializing the transaction. */
export function packedSize(plans: readonly Plan[], limits: PackLimits): number {
  const built = buildTransaction(plans, {
    ...limits.shape,
    payer: SIZING_PAYER,
    blockhash: SIZING_BLOCKHASH,
    computeUnits: limits.shape.setComputeUnits ? MAX_COMPUTE_UNITS : undefined,
  });
  return transactionSize(built.tx);
}

/** Whether `items` fit one transaction: packet size, append size, compute. */
export function fits<T extends { plan: Plan; record: BundleRecord }>(
  items: readonly T[],
  limits: PackLimits,
): boolean {
  if (items.length > limits.maxRecords) return false;
  const compressed = items.filter((i) => i.plan.kind === "compressed").length;
  if (compressed > limits.maxCompressed) return false;
  if (estimatedUnits(items) > MAX_COMPUTE_UNITS * 0.85) return false;
  return sizerOf(limits).size(items.map((i) => i.plan)) <= PACKET_DATA_SIZE;
}

/**
 * Packs items, in order, into as few transactions as fit (greedy: each transaction takes the
 * next items while the measured size allows). Returns the groups, and the items that do not
 * fit even alone.
 */
export function pack<T extends { plan: Plan; record: BundleRecord }>(
  items: readonly T[],
  limits: PackLimits,
): { groups: T[][]; oversized: T[] } {
  const groups: T[][] = [];
  const oversized: T[] = [];
  let current: T[] = [];
  for (const item of items) {
    const candidate = [...current, item];
    if (fits(candidate, limits)) {
      current = candidate;
      continue;
    }
    if (current.length > 0) groups.push(current);
    current = [];
    if (fits([item], limits)) current = [item];
    else oversized.push(item);
  }
  if (current.length > 0) groups.push(current);
  return { groups: groups.flatMap((g) => verified(g, limits)), oversized };
}

/**
 * The computed size is exact (tested), but a group is serialized once anyway before it is
 * handed on: should the two ever disagree, the group is split rather than sent too large.
 */
function verified<T extends { plan: Plan }>(group: T[], limits: PackLimits): T[][] {
  let size: number;
  try {
    size = packedSize(
      group.map((i) => i.plan),
      limits,
    );
  } catch {
    size = Infinity; // web3.js refuses to serialize past its own limits
  }
  if (size <= PACKET_DATA_SIZE || group.length === 1) return [group];
  const mid = Math.ceil(group.length / 2);
  return [...verified(group.slice(0, mid), limits), ...verified(group.slice(mid), limits)];
}
