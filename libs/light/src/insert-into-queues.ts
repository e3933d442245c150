import { PublicKey } from "@solana/web3.js";
import { LightDecodeError } from "./errors.js";

/** account-compression's insert_into_queues: the leaves appended by one Light invoke. */
export const INSERT_INTO_QUEUES_DISCRIMINATOR = Uint8Array.from([
  0xb4, 0x8f, 0x9f, 0x99, 0x23, 0x2e, 0xf8, 0xa3,
]);

/** Leading accounts of insert_into_queues before the trees and queues (authority, PDA). */
export const INSERT_INTO_QUEUES_FIXED_ACCOUNTS = 2;

export interface InsertedLeaf {
  /** Index of the tree (or V2 output queue) among the instruction's tree accounts. */
  treeAccountIndex: number;
  hash: Uint8Array;
}

export interface TreeSequence {
  tree: PublicKey;
  queue: PublicKey;
  treeType: bigint;
  seq: bigint;
}

export interface InsertIntoQueues {
  leaves: InsertedLeaf[];
  /** Hashes of input accounts being nullified (none for output-only invokes). */
  nullifiers: Uint8Array[];
  outputSequences: TreeSequence[];
  /** Leaf index of each appended leaf, parallel to `leaves`. */
  outputLeafIndices: number[];
}

const META_SIZE = 6 + 32;
const NULLIFIER_SIZE = 32 + 4 + 1 + 1 + 1;
const ADDRESS_SIZE = 32 + 1 + 1;
const SEQUENCE_SIZE = 32 + 32 + 8 + 8;

/**
 * Decodes insert_into_queues data: discriminator, u32 length, then the zero-copy layout
 * (meta, leaves, nullifiers, addresses, three sequence-number lists, output leaf indices),
 * each list behind a u8 count.
 */
export function decodeInsertIntoQueues(data: Uint8Array): InsertIntoQueues {
  const r = new Reader(data);
  const disc = r.bytes(8);
  if (!disc.every((b, i) => b === INSERT_INTO_QUEUES_DISCRIMINATOR[i])) {
    throw new LightDecodeError("insert_into_queues", "wrong discriminator");
  }
  const declared = r.u32();
  if (declared !== data.length - 12) {
    throw new LightDecodeError("insert_into_queues", `length ${declared} != ${data.length - 12}`);
  }
  r.bytes(META_SIZE);
  const leaves = r.list(33, (x) => ({ treeAccountIndex: x.u8(), hash: x.bytes(32) }));
  const nullifiers = r.list(NULLIFIER_SIZE, (x) => {
    const hash = x.bytes(32);
    x.bytes(NULLIFIER_SIZE - 32);
    return hash;
  });
  r.list(ADDRESS_SIZE, (x) => x.bytes(ADDRESS_SIZE));
  const outputSequences = r.list(SEQUENCE_SIZE, readSequence);
  r.list(SEQUENCE_SIZE, readSequence);
  r.list(SEQUENCE_SIZE, readSequence);
  const outputLeafIndices = r.list(4, (x) => x.u32());
  if (outputLeafIndices.length !== leaves.length) {
    throw new LightDecodeError(
      "insert_into_queues",
      `${leaves.length} leaves but ${outputLeafIndices.length} leaf indices`,
    );
  }
  return { leaves, nullifiers, outputSequences, outputLeafIndices };
}

function readSequence(x: Reader): TreeSequence {
  return {
    tree: new PublicKey(x.bytes(32)),
    queue: new PublicKey(x.bytes(32)),
    treeType: x.u64(),
    seq: x.u64(),
  };
}

class Reader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  list<T>(itemSize: number, read: (r: Reader) => T): T[] {
    const count = this.u8();
    this.need(count * itemSize);
    return Array.from({ length: count }, () => read(this));
  }

  private need(n: number): void {
    if (this.offset + n > this.data.length) {
      throw new LightDecodeError(
        "insert_into_queues",
        `truncated at byte ${this.offset} (needs ${n} more)`,
      );
    }
  }
}
