import type { KV } from "@nats-io/kv";
import { ReplayedError } from "@pod/protocol";
import { TransientError } from "@pod/bus";
import { isRevisionConflict } from "./kv-conflict.js";

/** What a replay entry holds: the POD_REQUESTS sequence of the message that claimed the key. */
export interface ReplayClaim {
  seq: number;
}

/** How a claim went: a fresh claim, or this same stored message's earlier attempt. */
export type ClaimOutcome = "claimed" | "own";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** A deleted key can be re-created by a racing attempt between our read and our write. */
const MAX_ATTEMPTS = 5;

export function encodeClaim(claim: ReplayClaim): Uint8Array {
  return encoder.encode(JSON.stringify(claim));
}

function decodeClaim(value: Uint8Array): ReplayClaim | undefined {
  try {
    const parsed = JSON.parse(decoder.decode(value)) as Partial<ReplayClaim>;
    return typeof parsed.seq === "number" ? { seq: parsed.seq } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Replay protection in the replay bucket: a request key is claimed by the stream sequence of
 * the message that carries it. Creating the entry is one write when the key is new (the
 * common case). An existing entry with the same sequence is this message's own earlier
 * attempt (a redelivery after a crash) and passes; any other sequence is a replay.
 */
export class ReplayGuard {
  constructor(private readonly kv: KV) {}

  async claim(
    requestKey: string,
    seq: number,
    who: { requestId: string; agent: string; field?: string },
  ): Promise<ClaimOutcome> {
    let expected = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        await this.kv.put(requestKey, encodeClaim({ seq }), { previousSeq: expected });
        return "claimed";
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
      const entry = await this.kv.get(requestKey);
      if (entry === null) {
        expected = 0; // expired between the write and the read
        continue;
      }
      if (entry.operation !== "PUT") {
        // Released by a later check's rejection: the agent may use the id again.
        expected = entry.revision;
        continue;
      }
      if (decodeClaim(entry.value)?.seq === seq) return "own";
      const details = who.field === undefined ? {} : { field: who.field };
      throw new ReplayedError(who.requestId, who.agent, { details });
    }
    throw new TransientError(`replay claim of ${requestKey} kept racing`, {
      code: "REPLAY_CLAIM_CONTENDED",
    });
  }

  /** Gives a key back after a later check refused its request, so the id may be retried. */
  async release(requestKey: string): Promise<void> {
    await this.kv.delete(requestKey);
  }
}
