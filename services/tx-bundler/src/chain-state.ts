import type { RpcPool } from "@pod/chain";
import { coder, pdas } from "@pod/program";
import type { PublicKey } from "@solana/web3.js";
import { type AccountInfo } from "@solana/web3.js";

/** The protocol account as the bundler needs it. */
export interface ProtocolState {
  admin: string;
  paused: boolean;
  relayers: string[];
  maxTtlSecs: number;
  maxChannelParticipants: number;
  maxBatch: number;
}

interface Decoded {
  [field: string]: unknown;
}

/** How long a read of the protocol account is reused (it changes only by admin action). */
const PROTOCOL_TTL_MS = 5_000;

/** Reads of program accounts through the RPC pool, decoded with Anchor's coder. */
export class ChainState {
  #protocol: { value: ProtocolState | undefined; at: number } | undefined;
  readonly #rent = new Map<number, number>();

  constructor(readonly pool: RpcPool) {}

  /** The protocol state, cached briefly; undefined when not initialized. */
  async protocol(fresh = false): Promise<ProtocolState | undefined> {
    const cached = this.#protocol;
    if (!fresh && cached && Date.now() - cached.at < PROTOCOL_TTL_MS) return cached.value;
    const info = await this.account(pdas.protocol());
    const value = info ? decodeProtocol(info) : undefined;
    this.#protocol = { value, at: Date.now() };
    return value;
  }

  async account(address: PublicKey): Promise<AccountInfo<Buffer> | null> {
    return this.pool.call("getAccountInfo", (c) => c.getAccountInfo(address));
  }

  /** Several accounts in one call (null where none exists). */
  async accounts(addresses: PublicKey[]): Promise<(AccountInfo<Buffer> | null)[]> {
    if (addresses.length === 0) return [];
    return this.pool.call("getMultipleAccountsInfo", (c) => c.getMultipleAccountsInfo(addresses));
  }

  /** The account at `address` decoded as `type`, or undefined when it does not exist. */
  async decoded(type: string, address: PublicKey): Promise<Decoded | undefined> {
    const info = await this.account(address);
    if (!info || info.data.length === 0) return undefined;
    return coder.accounts.decode<Decoded>(type, info.data);
  }

  /** Rent-exempt minimum for `bytes` of account data, asked once per size. */
  async rentFor(bytes: number): Promise<number> {
    const known = this.#rent.get(bytes);
    if (known !== undefined) return known;
    const lamports = await this.pool.call("getMinimumBalanceForRentExemption", (c) =>
      c.getMinimumBalanceForRentExemption(bytes),
    );
    this.#rent.set(bytes, lamports);
    return lamports;
  }

  /** The newest transaction that touched `address`, for effects found already applied. */
  async latestSignatureOf(
    address: PublicKey,
  ): Promise<{ signature: string; slot: number } | undefined> {
    const found = await this.pool.call("getSignaturesForAddress", (c) =>
      c.getSignaturesForAddress(address, { limit: 5 }),
    );
    const ok = found.find((s) => s.err === null);
    return ok ? { signature: ok.signature, slot: ok.slot } : undefined;
  }
}

function decodeProtocol(info: AccountInfo<Buffer>): ProtocolState {
  const p = coder.accounts.decode<{
    admin: PublicKey;
    paused: boolean;
    relayers: PublicKey[];
    limits: { max_ttl_secs: number; max_channel_participants: number; max_batch: number };
  }>("Protocol", info.data);
  return {
    admin: p.admin.toBase58(),
    paused: p.paused,
    relayers: p.relayers.map((r) => r.toBase58()),
    maxTtlSecs: p.limits.max_ttl_secs,
    maxChannelParticipants: p.limits.max_channel_participants,
    maxBatch: p.limits.max_batch,
  };
}
