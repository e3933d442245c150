import type { JsMsg, PubAck } from "@nats-io/jetstream";
import type { Context } from "@opentelemetry/api";
import type { Bus } from "./connect.js";
import { BusDecodeError, BusOutputNotDurableError } from "./errors.js";
import { fromMsgHdrs, HEADERS, type HeaderMap } from "./headers.js";
import { publish, type Payload, type PublishOptions } from "./publish.js";
import { traceIdOf } from "./trace-context.js";

/** One message handed to a handler. */
export interface Delivery {
  subject: string;
  data: Uint8Array;
  /** Parses the body as JSON; invalid JSON throws BusDecodeError (dead-lettered at once). */
  json<T = unknown>(): T;
  headers: HeaderMap;
  /** The publisher's stable id (`Nats-Msg-Id`), when it set one. */
  msgId: string | undefined;
  /** 1 on the first delivery. */
  deliveryCount: number;
  redelivered: boolean;
  stream: string;
  streamSequence: number;
  /** Context of this delivery's consumer span: start child spans from it. */
  traceContext: Context;
  traceId: string | undefined;
  /**
   * Publishes an output of this message, as a child of its span. The input is acked only
   * after every output published this way has its PubAck.
   */
  publish(subject: string, payload: Payload, opts: PublishOptions): Promise<PubAck>;
}

/** A delivery plus what the consume loop needs to settle it. */
export interface TrackedDelivery {
  delivery: Delivery;
  /** Waits for every output; rejects with BusOutputNotDurableError if any failed. */
  outputsDurable(): Promise<void>;
}

const decoder = new TextDecoder();

export function createDelivery(bus: Bus, msg: JsMsg, traceContext: Context): TrackedDelivery {
  const outputs: Promise<PubAck>[] = [];
  const headers = fromMsgHdrs(msg.headers);

  const delivery: Delivery = {
    subject: msg.subject,
    data: msg.data,
    json<T>() {
      try {
        return JSON.parse(decoder.decode(msg.data)) as T;
      } catch (err) {
        throw new BusDecodeError(msg.subject, { cause: err });
      }
    },
    headers,
    msgId: headers[HEADERS.msgId] || undefined,
    deliveryCount: msg.info.deliveryCount,
    redelivered: msg.redelivered,
    stream: msg.info.stream,
    streamSequence: msg.seq,
    traceContext,
    traceId: traceIdOf(traceContext),
    publish(subject, payload, opts) {
      const pending = publish(bus, subject, payload, { context: traceContext, ...opts });
      // Marked as handled here; the failure still reaches the handler that awaits it and
      // the ack decision through outputsDurable().
      pending.catch(() => undefined);
      outputs.push(pending);
      return pending;
    },
  };

  return {
    delivery,
    async outputsDurable() {
      // Outputs may be added while earlier ones settle: loop until none are new.
      let settled = 0;
      const failures: unknown[] = [];
      while (settled < outputs.length) {
        const batch = outputs.slice(settled);
        settled = outputs.length;
        for (const r of await Promise.allSettled(batch)) {
          if (r.status === "rejected") failures.push(r.reason);
        }
      }
      if (failures.length > 0) throw new BusOutputNotDurableError(failures);
    },
  };
}
