import type { KV } from "@nats-io/kv";
import { UnknownAgentError } from "@pod/protocol";
import { BoundedSet } from "./bounded-set.js";

/** What the directory stores per agent: the confirmation that registered it. */
export interface AgentEntry {
  requestKey: string;
  signature: string;
  slot: number;
  at: number;
}

const encoder = new TextEncoder();

/**
 * Agents whose registration the chain confirmed, in the agents bucket (shared by every
 * instance). Registrations are never undone, so a known agent is remembered in memory and
 * costs no round trip after its first request; an unknown one is asked of the bucket every
 * time, because another instance may have learnt it since.
 */
export class AgentDirectory {
  readonly #known: BoundedSet<string>;

  constructor(
    private readonly kv: KV,
    cacheSize: number,
  ) {
    this.#known = new BoundedSet(cacheSize);
  }

  /** Throws UnknownAgentError unless `agent` is registered. */
  async require(agent: string): Promise<void> {
    if (this.#known.has(agent)) return;
    const entry = await this.kv.get(agent);
    if (entry === null || entry.operation !== "PUT") throw new UnknownAgentError(agent);
    this.#known.add(agent);
  }

  /** Records a confirmed registration; idempotent (a redelivered event rewrites the same). */
  async learn(agent: string, entry: AgentEntry): Promise<void> {
    await this.kv.put(agent, encoder.encode(JSON.stringify(entry)));
    this.#known.add(agent);
  }
}
