import { subjects, type ServiceName } from "@pod/protocol";
import type { Delivery } from "./delivery.js";
import { BusInvalidArgumentError } from "./errors.js";
import type { ConsumerEvent } from "./consumer-events.js";
import { consumerSpec, TOPOLOGY_DEFAULTS } from "./topology-spec.js";

export type Handler = (delivery: Delivery) => Promise<void>;

interface CommonConsumeOptions {
  handler: Handler;
  /** Handlers running at once (and messages pulled per request). Default 64. */
  concurrency?: number;
  /**
   * Deliveries before a transient failure is dead-lettered. Default: one below the server's
   * `max_deliver` (so the server keeps one delivery in reserve), else 5.
   */
  maxDeliver?: number;
  /** Nak delay per attempt (index 0 after the first failure); the last value repeats. */
  backoffMs?: number[];
  /** Aborting it is the same as calling `stop()`. */
  signal?: AbortSignal;
  /** Everything worth logging or counting; the bus logs nothing itself. */
  onEvent?: (event: ConsumerEvent) => void;
  /** Stall detection: checked every `intervalMs`, stalled after `stallMs` without a message. */
  watchdog?: { intervalMs?: number; stallMs?: number };
  /** Lifetime of one pull request on the server. Default 30 s (nats.js default). */
  expiresMs?: number;
  /** A running handler keeps its message (`working()`) for at most this long. Default 10 min. */
  maxWorkingMs?: number;
  /** How long to wait for the server to confirm an ack. Default 5 s. */
  ackTimeoutMs?: number;
}

export type ConsumeOptions = CommonConsumeOptions &
  (
    | { service: ServiceName; stream?: undefined; durable?: undefined }
    | { stream: string; durable: string; service?: string; deadLetterSubject?: string }
  );

export const CONSUME_DEFAULTS = {
  concurrency: 64,
  maxDeliver: TOPOLOGY_DEFAULTS.maxDeliver,
  backoffMs: [1_000, 5_000, 15_000, 30_000],
  watchdogIntervalMs: 15_000,
  stallMs: 60_000,
  expiresMs: 30_000,
  maxWorkingMs: 10 * 60_000,
  ackTimeoutMs: 5_000,
  restartDelayMs: 1_000,
} as const;

export interface ResolvedConsumeOptions {
  stream: string;
  durable: string;
  service: string;
  deadLetterSubject: string;
  handler: Handler;
  concurrency: number;
  maxDeliver: number | undefined;
  backoffMs: number[];
  signal: AbortSignal | undefined;
  onEvent: (event: ConsumerEvent) => void;
  watchdogIntervalMs: number;
  stallMs: number;
  expiresMs: number;
  maxWorkingMs: number;
  ackTimeoutMs: number;
}

// Dead-letter subjects of non-service consumers share the prefix of the service ones.
const DLQ_PREFIX = subjects.dlq("*").slice(0, -1);

/** Applies defaults and rejects contradictions, naming the offending field. */
export function resolveConsumeOptions(opts: ConsumeOptions): ResolvedConsumeOptions {
  if (typeof opts?.handler !== "function") {
    throw new BusInvalidArgumentError("handler", "a function is required");
  }
  const binding = opts.stream === undefined ? consumerSpec(opts.service) : undefined;
  const stream = binding?.stream ?? opts.stream!;
  const durable = binding?.durable ?? opts.durable!;
  if (!stream || !durable) {
    throw new BusInvalidArgumentError("service", "give a service, or a stream and a durable");
  }
  const service = opts.service ?? durable;
  const explicitDlq = "deadLetterSubject" in opts ? opts.deadLetterSubject : undefined;

  const concurrency = opts.concurrency ?? CONSUME_DEFAULTS.concurrency;
  positiveInteger("concurrency", concurrency);
  if (opts.maxDeliver !== undefined) positiveInteger("maxDeliver", opts.maxDeliver);
  const backoffMs = opts.backoffMs ?? [...CONSUME_DEFAULTS.backoffMs];
  if (backoffMs.length === 0 || backoffMs.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    throw new BusInvalidArgumentError("backoffMs", "a non-empty list of delays >= 0 ms");
  }

  return {
    stream,
    durable,
    service,
    deadLetterSubject: explicitDlq ?? `${DLQ_PREFIX}${service}`,
    handler: opts.handler,
    concurrency,
    maxDeliver: opts.maxDeliver,
    backoffMs,
    signal: opts.signal,
    onEvent: opts.onEvent ?? (() => undefined),
    watchdogIntervalMs: opts.watchdog?.intervalMs ?? CONSUME_DEFAULTS.watchdogIntervalMs,
    stallMs: opts.watchdog?.stallMs ?? CONSUME_DEFAULTS.stallMs,
    expiresMs: opts.expiresMs ?? CONSUME_DEFAULTS.expiresMs,
    maxWorkingMs: opts.maxWorkingMs ?? CONSUME_DEFAULTS.maxWorkingMs,
    ackTimeoutMs: opts.ackTimeoutMs ?? CONSUME_DEFAULTS.ackTimeoutMs,
  };
}

function positiveInteger(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new BusInvalidArgumentError(field, `${value} is not a positive integer`);
  }
}

/** Nak delay after the failed attempt number `deliveryCount` (1-based). */
export function backoffFor(backoffMs: readonly number[], deliveryCount: number): number {
  const i = Math.min(Math.max(deliveryCount - 1, 0), backoffMs.length - 1);
  return backoffMs[i]!;
}
