import { jetstream, type JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { STREAMS, subjects } from "@pod/protocol";
import type { PreparedRequest } from "../workload/requests.js";
import type { PhaseName } from "./phase-stats.js";
import type { Outcome, Tracker } from "./tracker.js";

const PUBLISH_TIMEOUT_MS = 30_000;

/**
 * Publishes agents' requests to `pod.ingest.<op>` exactly as an agent does: JetStream
 * publish with msgId = request key (the PubAck is the receipt), each registered with the
 * tracker first so its events find it.
 */
export class RequestPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly tracker: Tracker,
  ) {
    this.js = jetstream(nc, { timeout: PUBLISH_TIMEOUT_MS });
  }

  /** Resolves once the PubAck arrived (or the publish failed; never rejects). */
  async publish(
    phase: PhaseName,
    prepared: PreparedRequest,
    intendedAt: number,
    onOutcome?: (outcome: Outcome) => void,
  ): Promise<void> {
    const { request, requestKey } = prepared;
    this.tracker.expect(request.id, {
      phase,
      op: prepared.op,
      agent: request.agent,
      requestKey,
      intendedAt,
      onOutcome,
    });
    try {
      await this.js.publish(subjects.ingest(prepared.op), prepared.bytes, {
        msgID: requestKey,
        expect: { streamName: STREAMS.requests.name },
      });
      this.tracker.acked(request.id);
    } catch (error) {
      this.tracker.publishFailed(request.id, codeOf(error));
    }
  }
}

function codeOf(error: unknown): string {
  const name = (error as { name?: string; code?: string }).code ?? (error as Error).name;
  return String(name ?? "ERROR")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}
