import { Account, type LiteSvm } from "litesvm/dist/internal.js";
import bs58 from "bs58";
import { getAddressEncoder, type Address } from "@solana/kit";
import { PublicKey, type AccountInfo } from "@solana/web3.js";
import { InvalidAddressError } from "./errors.js";

/** An account as the runtime stores it, with exact integer fields. */
export interface AccountState {
  lamports: bigint;
  data: Uint8Array;
  owner: string;
  executable: boolean;
  rentEpoch: bigint;
}

const addressEncoder = getAddressEncoder();

// Base58 is the hot spot of account reads; the same few thousand addresses recur.
const CACHE_LIMIT = 50_000;
const bytesCache = new Map<string, Uint8Array>();
const textCache = new Map<string, string>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** 32 address bytes from base58, or an InvalidAddressError. */
export function addressBytes(address: string): Uint8Array {
  const hit = bytesCache.get(address);
  if (hit !== undefined) return hit;
  try {
    return remember(bytesCache, address, addressEncoder.encode(address as Address) as Uint8Array);
  } catch (cause) {
    throw new InvalidAddressError(address, cause);
  }
}

/** Base58 text of 32 address bytes. */
export function addressText(bytes: Uint8Array): string {
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return textCache.get(key) ?? remember(textCache, key, bs58.encode(bytes));
}

/** A native account object as plain state. */
export function stateOf(account: Account): AccountState {
  return {
    lamports: account.lamports(),
    data: account.data(),
    owner: addressText(account.owner()),
    executable: account.executable(),
    rentEpoch: account.rentEpoch(),
  };
}

/** The account at `address`, or null when it does not exist (or holds no lamports). */
export function readAccount(native: LiteSvm, address: string): AccountState | null {
  const account = native.getAccount(addressBytes(address));
  return account === null || account.lamports() === 0n ? null : stateOf(account);
}

/** Writes an account as-is, bypassing the runtime's checks (genesis, restore from disk). */
export function writeAccount(native: LiteSvm, address: string, state: AccountState): void {
  const account = new Account(
    state.lamports,
    state.data,
    addressBytes(state.owner),
    state.executable,
    state.rentEpoch,
  );
  native.setAccount(addressBytes(address), account);
}

/** Whether two reads of one account differ in anything the runtime stores. */
export function accountChanged(a: AccountState | null, b: AccountState | null): boolean {
  if (a === null || b === null) return a !== b;
  if (a.lamports !== b.lamports || a.owner !== b.owner) return true;
  if (a.executable !== b.executable || a.rentEpoch !== b.rentEpoch) return true;
  return !view(a.data).equals(view(b.data));
}

// Buffer.from(Uint8Array) would copy the bytes (1.3 MB for Light's tree) just to compare them.
function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The account in web3.js's `AccountInfo<Buffer>` shape. */
export function toWeb3AccountInfo(state: AccountState): AccountInfo<Buffer> {
  return {
    lamports: Number(state.lamports),
    data: Buffer.from(state.data),
    owner: new PublicKey(state.owner),
    executable: state.executable,
    rentEpoch: Number(state.rentEpoch),
  };
}
