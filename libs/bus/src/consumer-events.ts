import type { ConsumerNotification } from "@nats-io/jetstream";

interface MessageFields {
  subject: string;
  msgId: string | undefined;
  deliveryCount: number;
  traceId: string | undefined;
}

/** What a consumer reports to its owner (to log, count or alert on). */
export type ConsumerEvent =
  | ({ type: "handled"; durationMs: number } & MessageFields)
  | ({ type: "retry_scheduled"; delayMs: number; code: string; error: unknown } & MessageFields)
  | ({ type: "dead_lettered"; code: string; reason: string } & MessageFields)
  | ({ type: "dead_letter_failed"; error: unknown } & MessageFields)
  | ({ type: "ack_failed"; error: unknown } & MessageFields)
  | { type: "released"; subject: string; seq: number }
  | { type: "consume_restarted"; reason: string }
  | { type: "consume_error"; error: unknown }
  | { type: "watchdog_error"; error: unknown }
  | { type: "notification"; notification: ConsumerNotification };
