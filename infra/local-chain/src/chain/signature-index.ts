import type { StoredTransaction } from "../ledger/records.js";

/** Landed transactions by signature, and each address's signatures newest last. */
export class SignatureIndex {
  private readonly bySignature = new Map<string, StoredTransaction>();
  private readonly byAddress = new Map<string, string[]>();

  get size(): number {
    return this.bySignature.size;
  }

  add(tx: StoredTransaction): void {
    this.bySignature.set(tx.signature, tx);
    for (const address of new Set(tx.accountKeys)) {
      let list = this.byAddress.get(address);
      if (list === undefined) this.byAddress.set(address, (list = []));
      list.push(tx.signature);
    }
  }

  get(signature: string): StoredTransaction | undefined {
    return this.bySignature.get(signature);
  }

  has(signature: string): boolean {
    return this.bySignature.has(signature);
  }

  /** Signatures that mention `address`, newest first, starting after `before` if given. */
  forAddress(address: string, limit: number, before?: string, until?: string): StoredTransaction[] {
    const list = this.byAddress.get(address) ?? [];
    let end = list.length;
    if (before !== undefined) {
      const i = list.lastIndexOf(before);
      end = i === -1 ? 0 : i;
    }
    const out: StoredTransaction[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) {
      const signature = list[i] as string;
      if (signature === until) break;
      out.push(this.bySignature.get(signature) as StoredTransaction);
    }
    return out;
  }
}
