import { computeBudgetInstructions } from "@pod/chain";
import { memoEntryBytes, MEMO_PROGRAM_ID } from "@pod/protocol";
import { podInstruction, PROGRAM_ID } from "@pod/program";
import {
  Keypair,
  type AddressLookupTableAccount,
  type PublicKey,
  type TransactionInstruction,
} from "@solana/web3.js";
import { CPI_AUTHORITY, PROTOCOL } from "./plan/accounts.js";
import type { Plan } from "./plan/index.js";

/**
 * The serialized size of the transaction buildTransaction would make, computed from the
 * instructions' shapes without compiling or serializing anything: the packer asks it for
 * every candidate, and web3.js takes milliseconds per compile. test/units checks it against
 * real serialization. Layout (legacy): compact(#sigs) 64*sigs, header 3, compact(#keys)
 * 32*keys, blockhash 32, compact(#ix), per ix: program index 1, compact(#accounts) #accounts,
 * compact(len) len. v0 adds a version byte and the lookup-table section.
 */
export interface SizeShape {
  authority: PublicKey;
  stateTree: PublicKey;
  setComputeUnits: boolean;
  microLamportsPerUnit: number;
  lookupTable: AddressLookupTableAccount | undefined;
}

interface IxShape {
  program: string;
  /** Account keys and whether the instruction writes them. */
  accounts: [string, boolean][];
  dataLength: number;
}

const compact = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : 3);
const ixShape = (ix: TransactionInstruction): IxShape => ({
  program: ix.programId.toBase58(),
  accounts: ix.keys.map((k) => [k.pubkey.toBase58(), k.isWritable]),
  dataLength: ix.data.length,
});

const SIZING_PAYER = Keypair.generate().publicKey;
const shapes = new WeakMap<Plan, IxShape>();

/**
 * The shape of a record's own instruction, built once with a stand-in payer: any payer
 * gives the same size, as long as it is the same key everywhere in the transaction.
 */
function planShape(plan: Extract<Plan, { kind: "instruction" }>): IxShape {
  let shape = shapes.get(plan);
  if (!shape) {
    shape = ixShape(plan.build(SIZING_PAYER));
    shapes.set(plan, shape);
  }
  return shape;
}

/** Fixed parts, computed once per bundler (authority and tree do not change). */
export class TxSizer {
  readonly #payer: string;
  readonly #budget: IxShape[];
  readonly #append: IxShape;
  readonly #lookup: Set<string> | undefined;
  readonly #signers: Set<string>;

  constructor(private readonly shape: SizeShape) {
    this.#payer = SIZING_PAYER.toBase58();
    this.#signers = new Set([this.#payer, shape.authority.toBase58()]);
    this.#budget = shape.setComputeUnits
      ? computeBudgetInstructions({
          units: 1,
          microLamportsPerUnit: shape.microLamportsPerUnit,
        }).map(ixShape)
      : [];
    this.#append = ixShape(
      podInstruction(
        "append_compressed_messages",
        { records: [] },
        {
          fee_payer: SIZING_PAYER,
          authority: shape.authority,
          protocol: PROTOCOL,
          cpi_authority: CPI_AUTHORITY,
          self_program: PROGRAM_ID,
          merkle_tree: shape.stateTree,
        },
      ),
    );
    this.#lookup = shape.lookupTable
      ? new Set(shape.lookupTable.state.addresses.map((a) => a.toBase58()))
      : undefined;
  }

  size(plans: readonly Plan[]): number {
    const ixs: IxShape[] = [...this.#budget];
    let compressed = 0;
    let memoBytes = 0;
    let memoLines = 0;
    for (const p of plans) {
      if (p.kind === "compressed") {
        compressed++;
        memoBytes += memoEntryBytes(p.memo);
        memoLines++;
      }
    }
    if (compressed > 0)
      ixs.push({ ...this.#append, dataLength: this.#append.dataLength + 64 * compressed });
    for (const p of plans) {
      if (p.kind !== "instruction") continue;
      ixs.push(planShape(p));
      if (p.memo) {
        memoBytes += memoEntryBytes(p.memo);
        memoLines++;
      }
    }
    // "pod1" then one "\n<line>" per entry (memoEntryBytes counts the newline).
    if (memoLines > 0)
      ixs.push({ program: MEMO_PROGRAM_ID, accounts: [], dataLength: 4 + memoBytes });
    return this.#measure(ixs);
  }

  #measure(ixs: IxShape[]): number {
    const writable = new Map<string, boolean>([[this.#payer, true]]);
    const programs = new Set<string>();
    for (const ix of ixs) {
      programs.add(ix.program);
      if (!writable.has(ix.program)) writable.set(ix.program, false);
      for (const [k, w] of ix.accounts) writable.set(k, (writable.get(k) ?? false) || w);
    }
    let staticKeys = writable.size;
    // v0: a version byte, then after the instructions the table's section (count, and when
    // any key comes from it: its address and the writable and read-only index lists).
    let lookupBytes = 0;
    if (this.#lookup) {
      let w = 0;
      let r = 0;
      for (const [k, isW] of writable) {
        if (this.#signers.has(k) || programs.has(k) || !this.#lookup.has(k)) continue;
        if (isW) w++;
        else r++;
      }
      staticKeys -= w + r;
      lookupBytes = 1 + 1 + (w + r > 0 ? 32 + compact(w) + w + compact(r) + r : 0);
    }
    const sigs = this.#signers.size;
    let bytes = compact(sigs) + 64 * sigs + 3 + compact(staticKeys) + 32 * staticKeys + 32;
    bytes += compact(ixs.length);
    for (const ix of ixs) {
      bytes += 1 + compact(ix.accounts.length) + ix.accounts.length;
      bytes += compact(ix.dataLength) + ix.dataLength;
    }
    return bytes + lookupBytes;
  }
}
