import { SpanKind, trace, type Tracer } from "@opentelemetry/api";
import { extractTraceContext, publish, type Bus } from "@pod/bus";
import { PROTOCOL_VERSION, subjects, type MessageDeliveredEvent } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import type { SubscriptionMetrics } from "./metrics.js";
import type { PreparedMessage } from "./prepare.js";
import type { Session } from "./session.js";
import { CONFIRMED_SUBJECT } from "./stream-reader.js";

const DELIVERED_SUBJECT = subjects.event("message", "delivered");

/**
 * Publishes of pod.events.message.delivered waiting for their PubAck. Past this the event is
 * dropped (and counted) instead of queueing without bound behind a stalled broker.
 */
const MAX_PENDING_PUBLISHES = 10_000;

/** What follows each write of a message to a subscriber: span, metrics, delivered event. */
export class DeliveryRecorder {
  #pending = 0;

  constructor(
    private readonly bus: Bus,
    private readonly tracer: Tracer,
    private readonly metrics: SubscriptionMetrics,
    private readonly log: Logger,
  ) {}

  get pendingPublishes(): number {
    return this.#pending;
  }

  /** Writes `message` to `session`'s connection (`write`) in a deliver span, then records it. */
  deliver(session: Session, message: PreparedMessage, write: () => void): void {
    const now = Date.now();
    const { event } = message;
    const channel = event.op === "post_channel" ? event.record.channel : undefined;
    // The deliver span continues the trace the confirmed event carries in its headers.
    const parent = extractTraceContext(message.headers);
    const span = this.tracer.startSpan(
      `deliver ${CONFIRMED_SUBJECT}`,
      {
        kind: SpanKind.CONSUMER,
        startTime: now,
        attributes: {
          "messaging.system": "nats",
          "messaging.destination.name": CONFIRMED_SUBJECT,
          "messaging.operation.type": "process",
          "messaging.operation.name": "deliver",
          "messaging.message.id": event.requestId,
          "messaging.consumer.group.name": "subscription",
          "messaging.nats.message.stream_sequence": message.seq,
          "messaging.message.body.size": message.json.length,
          "pod.request_key": event.requestKey,
          "pod.agent": session.agent,
          "pod.transport": session.transport,
          "pod.proof": message.proved,
          ...(channel ? { "pod.channel": channel } : {}),
        },
      },
      parent,
    );
    try {
      write();
    } finally {
      span.end();
    }
    this.metrics.delivered(session.transport, event.op, Date.now() - event.at, message.proved);
    this.#publish(session, message, now, trace.setSpan(parent, span));
  }

  #publish(
    session: Session,
    message: PreparedMessage,
    at: number,
    context: ReturnType<typeof trace.setSpan>,
  ): void {
    if (this.#pending >= MAX_PENDING_PUBLISHES) {
      this.metrics.deliveredEventDropped();
      return;
    }
    const { event } = message;
    const payload: MessageDeliveredEvent = {
      v: PROTOCOL_VERSION,
      requestId: event.requestId,
      requestKey: event.requestKey,
      op: event.op,
      agent: session.agent,
      ...(event.op === "post_channel" ? { channel: event.record.channel } : {}),
      transport: session.transport,
      confirmedAt: event.at,
      at,
    };
    this.#pending++;
    // One delivered event per (message, agent): a second connection of the agent dedups.
    publish(this.bus, DELIVERED_SUBJECT, payload, {
      msgId: `delivered:${event.requestKey}:${session.agent}`,
      context,
    })
      .catch((error: unknown) => {
        this.metrics.deliveredEventDropped();
        this.log.warn(
          { event: "delivered_event_failed", request_key: event.requestKey, err: error },
          "message.delivered not published",
        );
      })
      .finally(() => this.#pending--);
  }
}
