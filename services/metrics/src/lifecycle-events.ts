import type { Delivery } from "@pod/bus";
import { requestKey } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import type { RecentFigures } from "./figures/recent-figures.js";
import type { Instruments, LabelCap } from "./instruments.js";
import {
  measuredEventName,
  measuredEvents,
  type Measured,
  type MeasuredEventName,
} from "./measured-events.js";
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
 * Turns one lifecycle event into Prometheus observations and summary figures. Events whose
 * measured fields are missing or out of range are counted (pod_events_invalid_total) and
 * otherwise ignored: a measurement service has nothing to retry and must not dead-letter what
 * other readers may accept.
 */
export function lifecycleRecorder(deps: LifecycleDeps): (delivery: Delivery) => void {
  const { instruments, figures, join, log } = deps;

  const handlers: Record<MeasuredEventName, (delivery: Delivery, event: never) => void> = {
    "request.accepted": (d, e: Measured<"request.accepted">) => {
      instruments.accepted(e.op);
      figures.accepted(e.at);
      const key = requestKeyFromMsgId(d.msgId, "accepted") ?? computedKey(e.agent, e.requestId);
      if (key) join.accepted(key, e.at);
    },
    "request.rejected": (_d, e: Measured<"request.rejected">) => {
      instruments.rejected(e.op ?? "unknown", e.code);
      figures.rejected(e.code, e.at);
    },
    "content.stored": (d, e: Measured<"content.stored">) => {
      // The event names the request by id only; the bus's msg id carries its request key.
      const key = requestKeyFromMsgId(d.msgId, "stored");
      if (key) join.stored(key, e.at);
    },
    "record.confirmed": (_d, e: Measured<"record.confirmed">) => confirmed(e),
    "record.failed": (_d, e: Measured<"record.failed">) => {
      const code = deps.failureCodes.of(e.code);
      join.take(e.requestKey);
      instruments.failed(e.op, code);
      figures.failed(code, e.at);
    },
    "message.delivered": (_d, e: Measured<"message.delivered">) => {
      const ms = e.at - e.confirmedAt;
      instruments.delivered(e.op, e.transport);
      instruments.confirmedToDelivered(e.op, e.transport, ms / 1000);
      figures.delivered(e.at, ms);
    },
  };

  function confirmed(e: Measured<"record.confirmed">): void {
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
    const name = measuredEventName(delivery.subject);
    if (!name) return;
    let parsed: { success: boolean; data?: unknown; error?: unknown };
    try {
      parsed = measuredEvents[name].safeParse(JSON.parse(decoder.decode(delivery.data)));
    } catch (error) {
      parsed = { success: false, error };
    }
    if (!parsed.success) {
      instruments.invalidEvent(delivery.subject);
      log.warn(
        {
          event: "event_invalid",
          subject: delivery.subject,
          seq: delivery.streamSequence,
          err: parsed.error,
        },
        "lifecycle event is not JSON or lacks a measured field; not measured",
      );
      return;
    }
    handlers[name](delivery, parsed.data as never);
  };
}

const decoder = new TextDecoder();

/** The request key of an event without the usual message id; undefined for a malformed agent. */
function computedKey(agent: string, requestId: string): string | undefined {
  try {
    return requestKey(agent, requestId);
  } catch {
    return undefined;
  }
}
