import { crc32 } from "node:zlib";
import bs58 from "bs58";
import {
  MalformedTransactionError,
  PacketTooLargeError,
  UnsupportedVersionError,
} from "./errors.js";

/** Largest serialized transaction a validator accepts (an IPv6 MTU minus headers). */
export const PACKET_DATA_SIZE = 1232;

export interface CompiledInstruction {
  programIdIndex: number;
  accounts: number[];
  data: Uint8Array;
}

export interface AddressTableLookup {
  accountKey: string;
  writableIndexes: number[];
  readonlyIndexes: number[];
}

/** A transaction decoded from its wire bytes, enough to execute and report it. */
export interface WireTransaction {
  bytes: Uint8Array;
  version: "legacy" | 0;
  signatures: string[];
  header: {
    numRequiredSignatures: number;
    numReadonlySignedAccounts: number;
    numReadonlyUnsignedAccounts: number;
  };
  staticAccountKeys: string[];
  recentBlockhash: string;
  instructions: CompiledInstruction[];
  addressTableLookups: AddressTableLookup[];
  messageBytes: Uint8Array;
}

class Reader {
  offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  fail(reason: string): never {
    throw new MalformedTransactionError(reason, this.offset);
  }

  u8(): number {
    if (this.offset >= this.bytes.length) this.fail("unexpected end");
    return this.bytes[this.offset++] as number;
  }

  take(length: number): Uint8Array {
    if (this.offset + length > this.bytes.length) this.fail("unexpected end");
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  // Solana's short_vec length: 1-3 bytes, 7 bits each; only the canonical encoding is valid.
  compactU16(): number {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      const byte = this.u8();
      value |= (byte & 0x7f) << (7 * i);
      if ((byte & 0x80) === 0) {
        if (i > 0 && byte === 0) this.fail("non-canonical length");
        if (value > 0xffff) this.fail("length overflows u16");
        return value;
      }
    }
    return this.fail("length longer than 3 bytes");
  }

  done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/** Refuses bytes over the packet limit, as a validator's RPC and TPU do. */
export function assertPacketSize(bytes: Uint8Array, limit = PACKET_DATA_SIZE): void {
  if (bytes.length > limit) throw new PacketTooLargeError(bytes.length, limit);
}

/**
 * Decodes a legacy or v0 transaction strictly: every length canonical, no trailing bytes.
 * LiteSVM's native decoder aborts the whole process on some malformed inputs, so nothing
 * reaches it without passing here first.
 */
export function decodeWireTransaction(bytes: Uint8Array): WireTransaction {
  // The RPC path decodes the same bytes several times (checks, preflight, execution); the
  // checksum keeps a caller that changed the bytes in place from getting a stale decode.
  const checksum = crc32(bytes);
  const cached = decoded.get(bytes);
  if (cached !== undefined && cached.checksum === checksum) return cached.tx;
  const tx = decodeUncached(bytes);
  decoded.set(bytes, { tx, checksum });
  return tx;
}

const decoded = new WeakMap<Uint8Array, { tx: WireTransaction; checksum: number }>();

function decodeUncached(bytes: Uint8Array): WireTransaction {
  assertPacketSize(bytes);
  const r = new Reader(bytes);
  const signatureCount = r.compactU16();
  if (signatureCount === 0) r.fail("no signatures");
  const signatures: string[] = [];
  for (let i = 0; i < signatureCount; i++) signatures.push(bs58.encode(r.take(64)));

  const messageStart = r.offset;
  let version: "legacy" | 0 = "legacy";
  const first = r.u8();
  if ((first & 0x80) !== 0) {
    const v = first & 0x7f;
    if (v !== 0) throw new UnsupportedVersionError(v);
    version = 0;
  } else {
    r.offset -= 1;
  }

  const header = {
    numRequiredSignatures: r.u8(),
    numReadonlySignedAccounts: r.u8(),
    numReadonlyUnsignedAccounts: r.u8(),
  };
  const keyCount = r.compactU16();
  const staticAccountKeys: string[] = [];
  for (let i = 0; i < keyCount; i++) staticAccountKeys.push(bs58.encode(r.take(32)));
  const recentBlockhash = bs58.encode(r.take(32));

  const instructions: CompiledInstruction[] = [];
  const instructionCount = r.compactU16();
  for (let i = 0; i < instructionCount; i++) {
    const programIdIndex = r.u8();
    const accounts = Array.from(r.take(r.compactU16()));
    const data = r.take(r.compactU16()).slice();
    instructions.push({ programIdIndex, accounts, data });
  }

  const addressTableLookups: AddressTableLookup[] = [];
  if (version === 0) {
    const lookupCount = r.compactU16();
    for (let i = 0; i < lookupCount; i++) {
      const accountKey = bs58.encode(r.take(32));
      const writableIndexes = Array.from(r.take(r.compactU16()));
      const readonlyIndexes = Array.from(r.take(r.compactU16()));
      addressTableLookups.push({ accountKey, writableIndexes, readonlyIndexes });
    }
  }
  if (!r.done()) r.fail("trailing bytes");

  return {
    bytes,
    version,
    signatures,
    header,
    staticAccountKeys,
    recentBlockhash,
    instructions,
    addressTableLookups,
    messageBytes: bytes.subarray(messageStart),
  };
}

/** Whether the static account at `index` is writable according to the message header. */
export function isStaticWritable(tx: WireTransaction, index: number): boolean {
  const h = tx.header;
  if (index < h.numRequiredSignatures) {
    return index < h.numRequiredSignatures - h.numReadonlySignedAccounts;
  }
  return index < tx.staticAccountKeys.length - h.numReadonlyUnsignedAccounts;
}
