import { memoEntryBytes } from "@pod/protocol";
import type { Pending } from "./pending.js";

/** Memo bytes are priced per byte by the memo program: shapes are told apart in these steps. */
const MEMO_BYTES_STEP = 128;

/**
 * Simulated compute units of compressed-only transactions, by shape (records in the append
 * and the memo's size): a transaction of a shape seen before is sent with the largest figure
 * seen for it, instead of being simulated first, which halves the chain calls per
 * transaction. Only compressed records qualify: the chain cannot refuse one on its own (the
 * append takes any sender and hash), so simulation has nothing to find but the units. A
 * transaction that runs out of compute forgets its shape, and is simulated again.
 */
export class SimulationCache {
  readonly #units = new Map<string, number>();

  /** The shape key of `entries`, or undefined when they are not all compressed records. */
  shapeOf(entries: readonly Pending[]): string | undefined {
    let memoBytes = 0;
    for (const p of entries) {
      if (p.plan.kind !== "compressed") return undefined;
      memoBytes += memoEntryBytes(p.plan.memo);
    }
    return `${entries.length}:${Math.ceil(memoBytes / MEMO_BYTES_STEP)}`;
  }

  get(shape: string | undefined): number | undefined {
    return shape === undefined ? undefined : this.#units.get(shape);
  }

  remember(shape: string | undefined, units: number): void {
    if (shape === undefined) return;
    this.#units.set(shape, Math.max(units, this.#units.get(shape) ?? 0));
  }

  forget(shape: string | undefined): void {
    if (shape !== undefined) this.#units.delete(shape);
  }

  get size(): number {
    return this.#units.size;
  }
}
