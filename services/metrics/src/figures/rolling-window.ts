import { QuantileSketch } from "./quantile-sketch.js";

/** Length of one slot of the rolling windows (also the dashboard's chart step). */
export const SLOT_MS = 5_000;
/** The longest window kept (15 minutes); older slots are dropped. */
export const HORIZON_MS = 15 * 60_000;
const SLOTS = HORIZON_MS / SLOT_MS;

/**
 * Values over the last HORIZON_MS in SLOT_MS slots, keyed by the time the value happened (an
 * event's `at`, not when it was read): a replay after a restart lands where it belongs, and
 * old events fall outside every window. `T` is what one slot accumulates.
 */
export class RollingWindow<T> {
  readonly #slots = new Map<number, T>();

  constructor(private readonly empty: () => T) {}

  /** The slot holding time `at`, created on first use; undefined when `at` is outside. */
  slot(at: number, now: number): T | undefined {
    const start = slotStart(at);
    if (start <= slotStart(now) - HORIZON_MS || start > slotStart(now)) return undefined;
    this.#prune(now);
    let slot = this.#slots.get(start);
    if (!slot) {
      slot = this.empty();
      this.#slots.set(start, slot);
    }
    return slot;
  }

  /** Slots whose start lies in the last `windowMs` (the current slot included), oldest first. */
  within(windowMs: number, now: number): [start: number, slot: T][] {
    const newest = slotStart(now);
    const oldest = newest - windowMs + SLOT_MS;
    return [...this.#slots.entries()]
      .filter(([start]) => start >= oldest && start <= newest)
      .sort((a, b) => a[0] - b[0]);
  }

  #prune(now: number): void {
    if (this.#slots.size <= SLOTS) return;
    const oldest = slotStart(now) - HORIZON_MS + SLOT_MS;
    for (const start of this.#slots.keys()) if (start < oldest) this.#slots.delete(start);
  }
}

export function slotStart(at: number): number {
  return Math.floor(at / SLOT_MS) * SLOT_MS;
}

/** Merges the sketches of several slots. */
export function mergeSketches(sketches: Iterable<QuantileSketch | undefined>): QuantileSketch {
  const out = new QuantileSketch();
  for (const s of sketches) if (s) out.merge(s);
  return out;
}
