import type { Logger } from "pino";
import { LifecycleTransitionError } from "./errors.js";

/**
 * The states a service passes through, in order. `draining` means: no new work is pulled,
 * in-flight work finishes or is handed back, connections close. Any state may jump to
 * `stopped` when start-up fails.
 */
export const LIFECYCLE_STATES = [
  "initialized",
  "starting",
  "running",
  "draining",
  "stopped",
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

const NEXT: Record<LifecycleState, readonly LifecycleState[]> = {
  initialized: ["starting", "stopped"],
  starting: ["running", "draining", "stopped"],
  running: ["draining", "stopped"],
  draining: ["stopped"],
  stopped: [],
};

type Listener = (state: LifecycleState, previous: LifecycleState) => void;

/** A service's lifecycle state machine; each transition is logged at info. */
export class Lifecycle {
  #state: LifecycleState = "initialized";
  #since = Date.now();
  readonly #listeners = new Set<Listener>();

  constructor(private readonly log: Logger) {}

  get state(): LifecycleState {
    return this.#state;
  }

  /** Milliseconds spent in the current state. */
  get elapsedMs(): number {
    return Date.now() - this.#since;
  }

  /** Moves to `next`, or throws LifecycleTransitionError if the move is not allowed. */
  to(next: LifecycleState, fields: Record<string, unknown> = {}): void {
    const previous = this.#state;
    if (!NEXT[previous].includes(next)) throw new LifecycleTransitionError(previous, next);
    const inPreviousMs = this.elapsedMs;
    this.#state = next;
    this.#since = Date.now();
    this.log.info(
      { event: "lifecycle", from: previous, to: next, in_previous_ms: inPreviousMs, ...fields },
      `lifecycle ${previous} -> ${next}`,
    );
    for (const listener of this.#listeners) listener(next, previous);
  }

  /** Whether `next` is allowed from the current state. */
  can(next: LifecycleState): boolean {
    return NEXT[this.#state].includes(next);
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
