import { EventEmitter } from "node:events";
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import {
  connect,
  type ConnectionOptions,
  type NatsConnection,
  type Status,
} from "@nats-io/transport-node";
import { BusNotConnectedError } from "./errors.js";

/** A connection change worth knowing about, as NATS reports it. */
export interface BusStatus {
  type: "disconnect" | "reconnect" | "reconnecting" | "error" | "slow_consumer" | "close";
  server?: string;
  error?: Error;
}

/** The application's structured logger; the bus only hands it connection changes. */
export interface BusLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
}

export interface ConnectBusOptions {
  servers: string | string[];
  /** Client name shown by the server (use the service name). */
  name: string;
  log?: BusLogger;
  user?: string;
  pass?: string;
  /** Anything else `@nats-io/transport-node` accepts, for the rare case that needs it. */
  nats?: Partial<ConnectionOptions>;
}

export interface BusEvents {
  status: [BusStatus];
}

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The client name, used as the default service label. */
  name: string;
  /** Emits `status` on disconnect, reconnect and errors; nothing is logged by the bus. */
  events: EventEmitter<BusEvents>;
  /** Resolves when the connection is closed for good (with the error that closed it). */
  closed: Promise<void | Error>;
  /** Flushes subscriptions and pending publishes, then closes. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Reconnect forever: a service outlives broker restarts instead of exiting. */
const DEFAULT_RECONNECT_WAIT_MS = 500;

/** Connects to NATS and opens JetStream; rejects with BusNotConnectedError when unreachable. */
export async function connectBus(opts: ConnectBusOptions): Promise<Bus> {
  const servers = Array.isArray(opts.servers) ? opts.servers.join(",") : opts.servers;
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: opts.servers,
      name: opts.name,
      user: opts.user,
      pass: opts.pass,
      maxReconnectAttempts: -1,
      reconnectTimeWait: DEFAULT_RECONNECT_WAIT_MS,
      ...opts.nats,
    });
  } catch (err) {
    throw new BusNotConnectedError(servers, (err as Error).message, { cause: err });
  }

  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
  } catch (err) {
    await nc.close();
    throw new BusNotConnectedError(servers, `JetStream unavailable: ${(err as Error).message}`, {
      cause: err,
    });
  }

  const events = new EventEmitter<BusEvents>();
  void forwardStatus(nc, events, opts.log);

  return {
    nc,
    js: jetstream(nc),
    jsm,
    name: opts.name,
    events,
    closed: nc.closed(),
    async drain() {
      if (!nc.isClosed() && !nc.isDraining()) await nc.drain();
    },
    async close() {
      if (!nc.isClosed()) await nc.close();
    },
  };
}

async function forwardStatus(
  nc: NatsConnection,
  events: EventEmitter<BusEvents>,
  log: BusLogger | undefined,
): Promise<void> {
  for await (const s of nc.status()) {
    const status = toBusStatus(s);
    if (!status) continue;
    events.emit("status", status);
    if (!log) continue;
    const fields = { event: `nats_${status.type}`, server: status.server, err: status.error };
    if (status.type === "reconnect") log.info(fields, "nats reconnected");
    else log.warn(fields, `nats ${status.type}`);
  }
}

function toBusStatus(s: Status): BusStatus | undefined {
  switch (s.type) {
    case "disconnect":
    case "reconnect":
      return { type: s.type, server: s.server };
    case "reconnecting":
    case "close":
      return { type: s.type };
    case "error":
      return { type: "error", error: s.error };
    case "slowConsumer":
      return { type: "slow_consumer" };
    default:
      return undefined;
  }
}
