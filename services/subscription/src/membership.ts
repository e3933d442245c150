import { channelId, type RecordConfirmedEvent } from "@pod/protocol";

/**
 * Channel membership as the confirmed events of POD_EVENTS tell it, kept per (channel, agent)
 * as the stream sequences at which the agent joined and left. A post at sequence s is visible
 * to the agents that were members just before s: the answer is the same on the live tail and
 * on a replay from a cursor, on every instance. A creator is a member from its create_channel.
 */
export class Membership {
  /** channel -> agent -> transition sequences, ascending: join, leave, join, ... */
  readonly #history = new Map<string, Map<string, number[]>>();
  /** channel -> current members (the last transition is a join). */
  readonly #members = new Map<string, Set<string>>();
  #transitions = 0;

  /** Applies a confirmed event at `seq`; other operations than create/join/leave are ignored. */
  apply(event: RecordConfirmedEvent, seq: number): void {
    switch (event.op) {
      case "create_channel":
        return this.#set(channelId(event.record.body.name), event.record.agent, true, seq);
      case "join_channel":
        return this.#set(event.record.body.channel, event.record.agent, true, seq);
      case "leave_channel":
        return this.#set(event.record.body.channel, event.record.agent, false, seq);
      default:
    }
  }

  /** Whether `agent` was a member of `channel` just before stream sequence `seq`. */
  memberAt(channel: string, agent: string, seq: number): boolean {
    const transitions = this.#history.get(channel)?.get(agent);
    if (!transitions) return false;
    let before = 0;
    while (before < transitions.length && transitions[before]! < seq) before++;
    return before % 2 === 1;
  }

  /** The members of `channel` after everything applied so far. */
  membersOf(channel: string): ReadonlySet<string> {
    return this.#members.get(channel) ?? EMPTY;
  }

  get channels(): number {
    return this.#members.size;
  }

  get transitions(): number {
    return this.#transitions;
  }

  #set(channel: string, agent: string, member: boolean, seq: number): void {
    const current = this.#members.get(channel)?.has(agent) ?? false;
    // A repeated join (or a leave of a non-member) changes nothing, also not the history.
    if (current === member) return;
    let agents = this.#history.get(channel);
    if (!agents) this.#history.set(channel, (agents = new Map()));
    let transitions = agents.get(agent);
    if (!transitions) agents.set(agent, (transitions = []));
    // Events are applied in stream order; an older sequence would be a replay of history.
    if (transitions.length > 0 && transitions.at(-1)! >= seq) return;
    transitions.push(seq);
    this.#transitions++;
    let members = this.#members.get(channel);
    if (!members) this.#members.set(channel, (members = new Set()));
    if (member) members.add(agent);
    else members.delete(agent);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
