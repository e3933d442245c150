/** How many blocks a blockhash stays usable, as on a cluster (MAX_PROCESSING_AGE). */
export const MAX_PROCESSING_AGE = 150;

export interface BlockhashEntry {
  blockhash: string;
  /** Block height at which the blockhash was produced. */
  blockHeight: bigint;
}

/**
 * The recent blockhashes and the heights they were produced at. A blockhash is valid while
 * the current block height is at most its height plus MAX_PROCESSING_AGE.
 */
export class BlockhashQueue {
  private readonly entries = new Map<string, bigint>();
  private readonly order: string[] = [];

  push(entry: BlockhashEntry): void {
    this.entries.set(entry.blockhash, entry.blockHeight);
    this.order.push(entry.blockhash);
    while (this.order.length > MAX_PROCESSING_AGE + 1) {
      this.entries.delete(this.order.shift() as string);
    }
  }

  /** The height the blockhash was produced at, if it is still remembered. */
  heightOf(blockhash: string): bigint | undefined {
    return this.entries.get(blockhash);
  }

  isValid(blockhash: string, currentHeight: bigint): boolean {
    const height = this.entries.get(blockhash);
    return height !== undefined && currentHeight <= height + BigInt(MAX_PROCESSING_AGE);
  }

  clear(): void {
    this.entries.clear();
    this.order.length = 0;
  }

  /** Oldest first, for persisting. */
  list(): BlockhashEntry[] {
    return this.order.map((blockhash) => ({
      blockhash,
      blockHeight: this.entries.get(blockhash) as bigint,
    }));
  }
}
