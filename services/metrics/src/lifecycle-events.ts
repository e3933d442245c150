import type { Delivery } from "@pod/bus";
import {
  decodePayload,
  requestKey,
  schemaNameForSubject,
  type ContentStoredEvent,
  type MessageDeliveredEvent,
  type RecordConfirmedEvent,
  type RecordFailedEvent,
  type RequestAcceptedEvent,
  type RequestRejectedEvent,
} from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import type { RecentFigures } from "./figures/recent-figures.js";
import type { Instruments, LabelCap } from "./instruments.js";
import { requestKeyFromMsgId, type RequestJoin, type SeenTransactions } from "./request-join.js";

export interface LifecycleDeps {
  instruments: Instruments;
  figures: RecentFigures;
  join: RequestJoin;
  transactions: SeenTransactions;
  /** Distinct record.failed codes labelled before the rest become "OTHER". */
  failureCodes: LabelCap;
  log: Logger;
}

/**
 * Turns one lifecycle event into Prometheus observations and summary figures. Events that fail
 * their schema are counted (pod_events_invalid_total) and otherwise ignored: a measurement
 * service has nothing to retry and must not dead-letter what other readers may accept.
 */
export function lifecycleRecorder(deps: LifecycleDeps): (delivery: Delivery) => void {
  const { instruments, figures, join, log } = deps;

  const handlers: Record<string, (delivery: Delivery, event: never) => void> = {
    "event.request.accepted": (d, e: RequestAcceptedEvent) => {
      instruments.accepted(e.op);
      figures.accepted(e.at);
      join.accepted(
        requestKeyFromMsgId(d.msgId, "accepted") ?? requestKey(e.agent, e.requestId),
        e.at,
      );
    },
    "event.request.rejected": (_d, e: RequestRejectedEvent) => {
      instruments.rejected(e.op ?? "unknown", e.code);
      figures.rejected(e.code, e.at);
    },
    "event.content.stored": (d, e: ContentStoredEvent) => {
      // The event names the request by id only; the bus's msg id carries its request key.
      const key = requestKeyFromMsgId(d.msgId, "stored");
      if (key) join.stored(key, e.at);
    },
    "event.record.confirmed": (_d, e: RecordConfirmedEvent) => confirmed(e),
    "event.record.failed": (_d, e: RecordFailedEvent) => {
      const code = deps.failureCodes.of(e.code);
      join.take(e.requestKey);
      instruments.failed(e.op, code);
      figures.failed(code, e.at);
    },
    "event.message.delivered": (_d, e: MessageDeliveredEvent) => {
      const ms = e.at - e.confirmedAt;
      instruments.delivered(e.op, e.transport);
      instruments.confirmedToDelivered(e.op, e.transport, ms / 1000);
      figures.delivered(e.at, ms);
    },
  };

  function confirmed(e: RecordConfirmedEvent): void {
    const publishToConfirmedMs = e.at - e.record.createdAt;
    const steps = join.take(e.requestKey);
    const stages: { accepted?: number; content_stored?: number; confirmed?: number } = {};
    if (steps?.acceptedAt !== undefined) {
      stages.accepted = steps.acceptedAt - e.record.createdAt;
      if (steps.storedAt !== undefined) stages.content_stored = steps.storedAt - steps.acceptedAt;
      stages.confirmed = e.at - (steps.storedAt ?? steps.acceptedAt);
    }
    const cost = {
      computeUnits: e.computeUnits / e.bundleSize,
      feeLamports: e.feeLamports / e.bundleSize,
      lamports: e.lamportsPerMessage,
    };
    const firstOfTransaction = deps.transactions.first(e.signature);

    instruments.confirmed(e.op, e.storage);
    instruments.publishToConfirmed(e.op, publishToConfirmedMs / 1000);
    for (const [stage, ms] of Object.entries(stages)) instruments.stage(stage, e.op, ms / 1000);
    instruments.messageCost(e.op, e.storage, cost);
    if (firstOfTransaction) instruments.transaction(e.computeUnits, e.feeLamports, e.bundleSize);
    figures.confirmed({
      op: e.op,
      at: e.at,
      publishToConfirmedMs,
      stages,
      computeUnitsPerMessage: cost.computeUnits,
      feeLamportsPerMessage: cost.feeLamports,
      lamportsPerMessage: cost.lamports,
      transactionRecords: firstOfTransaction ? e.bundleSize : undefined,
    });
  }

  return (delivery) => {
    figures.event();
    const name = schemaNameForSubject(delivery.subject);
    const handle = name ? handlers[name] : undefined;
    if (!handle) return;
    let event: unknown;
    try {
      event = decodePayload(name!, delivery.data);
    } catch (error) {
      instruments.invalidEvent(delivery.subject);
      log.warn(
        {
          event: "event_invalid",
          subject: delivery.subject,
          seq: delivery.streamSequence,
          err: error,
        },
        "lifecycle event failed its schema; not measured",
      );
      return;
    }
    handle(delivery, event as never);
  };
}
