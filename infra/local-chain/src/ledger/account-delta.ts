import type { AccountState } from "@pod/svm";

/**
 * An account change as stored: the new state, with the data written whole or, when the
 * length did not change, as the byte runs that differ. Light's V1 state tree is 1.3 MB and
 * each append changes a few hundred bytes of it.
 */
export type AccountDelta =
  | { address: string; closed: true }
  | {
      address: string;
      lamports: bigint;
      owner: string;
      executable: boolean;
      rentEpoch: bigint;
      length: number;
      data?: Uint8Array;
      patches?: Array<[number, Uint8Array]>;
    };

const BLOCK = 256;
/**
 * Blocks compared first: most of a 1.3 MB tree is unchanged, and comparing it 256 bytes at a
 * time costs more than the rest of a transaction's record.
 */
const SPAN = BLOCK * 64;

/** Byte runs of `after` that differ from `before` (same length), in blocks of 256 bytes. */
export function diffData(before: Uint8Array, after: Uint8Array): Array<[number, Uint8Array]> {
  const a = Buffer.from(before.buffer, before.byteOffset, before.byteLength);
  const b = Buffer.from(after.buffer, after.byteOffset, after.byteLength);
  const patches: Array<[number, Uint8Array]> = [];
  let runStart = -1;
  // compare() with offsets: no subarray objects for the thousands of equal blocks.
  const same = (at: number, end: number): boolean => b.compare(a, at, end, at, end) === 0;
  const close = (at: number): void => {
    if (runStart === -1) return;
    patches.push([runStart, after.slice(runStart, at)]);
    runStart = -1;
  };
  for (let span = 0; span < b.length; span += SPAN) {
    const spanEnd = Math.min(span + SPAN, b.length);
    if (same(span, spanEnd)) {
      close(span);
      continue;
    }
    for (let at = span; at < spanEnd; at += BLOCK) {
      const end = Math.min(at + BLOCK, b.length);
      if (same(at, end)) close(at);
      else if (runStart === -1) runStart = at;
    }
  }
  if (runStart !== -1) patches.push([runStart, after.slice(runStart)]);
  return patches;
}

/** The stored form of one change. */
export function toDelta(
  address: string,
  before: AccountState | null,
  after: AccountState | null,
): AccountDelta {
  if (after === null) return { address, closed: true };
  const head = {
    address,
    lamports: after.lamports,
    owner: after.owner,
    executable: after.executable,
    rentEpoch: after.rentEpoch,
    length: after.data.length,
  };
  if (before !== null && before.data.length === after.data.length && after.data.length > BLOCK) {
    return { ...head, patches: diffData(before.data, after.data) };
  }
  return { ...head, data: after.data };
}

/** Applies a delta over the account's previous state (null if unknown or closed). */
export function applyDelta(
  previous: AccountState | null,
  delta: AccountDelta,
): AccountState | null {
  if ("closed" in delta) return null;
  let data: Uint8Array;
  if (delta.data !== undefined) {
    data = delta.data;
  } else {
    data = new Uint8Array(delta.length);
    if (previous !== null) data.set(previous.data.subarray(0, delta.length));
    for (const [offset, bytes] of delta.patches ?? []) data.set(bytes, offset);
  }
  return {
    lamports: delta.lamports,
    owner: delta.owner,
    executable: delta.executable,
    rentEpoch: delta.rentEpoch,
    data,
  };
}
