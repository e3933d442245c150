import {
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { BusTopologyConflictError, BusTopologyError } from "./errors.js";
import {
  desiredConsumers,
  desiredStreams,
  IMMUTABLE_CONSUMER_FIELDS,
  IMMUTABLE_STREAM_FIELDS,
  type DesiredConsumer,
  type DesiredStream,
  type TopologyOptions,
} from "./topology-spec.js";

export type TopologyAction = "created" | "updated" | "unchanged";

export interface TopologyEntry {
  kind: "stream" | "consumer";
  /** Stream name, or `<stream>/<durable>` for a consumer. */
  name: string;
  action: TopologyAction;
  /** Fields that differed and were updated (empty unless `updated`). */
  changed: string[];
}

export interface TopologyReport {
  streams: TopologyEntry[];
  consumers: TopologyEntry[];
}

interface Plan<T> {
  name: string;
  desired: T;
  existing?: Record<string, unknown>;
  changed: string[];
}

/**
 * Makes the server hold the PoD streams and service consumers as specified. Running it again
 * changes nothing. A difference in a field that cannot change raises BusTopologyConflictError
 * before anything is written; other differences are updated in place.
 */
export async function ensureTopology(
  jsm: JetStreamManager,
  opts: TopologyOptions = {},
): Promise<TopologyReport> {
  const streams = await Promise.all(desiredStreams(opts).map((s) => planStream(jsm, s)));
  const consumers = await Promise.all(desiredConsumers(opts).map((c) => planConsumer(jsm, c)));

  const report: TopologyReport = { streams: [], consumers: [] };
  for (const plan of streams) report.streams.push(await applyStream(jsm, plan));
  for (const plan of consumers) report.consumers.push(await applyConsumer(jsm, plan));
  return report;
}

async function planStream(
  jsm: JetStreamManager,
  desired: DesiredStream,
): Promise<Plan<DesiredStream>> {
  const existing = await readOrUndefined(desired.name, "read stream", () =>
    jsm.streams.info(desired.name).then((i) => i.config),
  );
  if (!existing) return { name: desired.name, desired, changed: [] };
  const changed = differences(desired, existing);
  for (const field of IMMUTABLE_STREAM_FIELDS) {
    if (changed.includes(field)) {
      throw new BusTopologyConflictError(
        "stream",
        desired.name,
        field,
        existing[field],
        desired[field],
      );
    }
  }
  return { name: desired.name, desired, existing: existing as Record<string, unknown>, changed };
}

async function planConsumer(
  jsm: JetStreamManager,
  desired: DesiredConsumer,
): Promise<Plan<DesiredConsumer>> {
  const { stream, ...config } = desired;
  const name = `${stream}/${config.durable_name}`;
  const existing = await readOrUndefined(name, "read consumer", () =>
    jsm.consumers.info(stream, config.durable_name!).then((i) => i.config),
  );
  if (!existing) return { name, desired, changed: [] };
  const changed = differences(config, existing);
  for (const field of IMMUTABLE_CONSUMER_FIELDS) {
    if (changed.includes(field)) {
      throw new BusTopologyConflictError("consumer", name, field, existing[field], config[field]);
    }
  }
  return { name, desired, existing: existing as Record<string, unknown>, changed };
}

async function applyStream(
  jsm: JetStreamManager,
  plan: Plan<DesiredStream>,
): Promise<TopologyEntry> {
  const entry = (action: TopologyAction): TopologyEntry => ({
    kind: "stream",
    name: plan.name,
    action,
    changed: action === "updated" ? plan.changed : [],
  });
  try {
    if (!plan.existing) {
      await jsm.streams.add(plan.desired);
      return entry("created");
    }
    if (plan.changed.length === 0) return entry("unchanged");
    const { name, retention, storage, ...mutable } = plan.desired;
    void retention;
    void storage;
    await jsm.streams.update(name, { ...(plan.existing as Partial<StreamConfig>), ...mutable });
    return entry("updated");
  } catch (err) {
    throw new BusTopologyError(`stream ${plan.name}`, plan.existing ? "update" : "create", {
      cause: err,
    });
  }
}

async function applyConsumer(
  jsm: JetStreamManager,
  plan: Plan<DesiredConsumer>,
): Promise<TopologyEntry> {
  const { stream, ...config } = plan.desired;
  const entry = (action: TopologyAction): TopologyEntry => ({
    kind: "consumer",
    name: plan.name,
    action,
    changed: action === "updated" ? plan.changed : [],
  });
  try {
    if (!plan.existing) {
      await jsm.consumers.add(stream, config);
      return entry("created");
    }
    if (plan.changed.length === 0) return entry("unchanged");
    const { ack_wait, max_deliver, max_ack_pending } = config;
    await jsm.consumers.update(stream, config.durable_name!, {
      ack_wait,
      max_deliver,
      max_ack_pending,
    } satisfies Partial<ConsumerConfig>);
    return entry("updated");
  } catch (err) {
    throw new BusTopologyError(`consumer ${plan.name}`, plan.existing ? "update" : "create", {
      cause: err,
    });
  }
}

/** Fields of `desired` whose value differs from `existing` (arrays compared as sets). */
function differences(desired: object, existing: object): string[] {
  const current = existing as Record<string, unknown>;
  return Object.entries(desired)
    .filter(([key, value]) => !sameValue(value, current[key]))
    .map(([key]) => key);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
  }
  return a === b;
}

async function readOrUndefined<T>(
  name: string,
  action: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (
      err instanceof JetStreamApiError &&
      (err.code === JetStreamApiCodes.StreamNotFound ||
        err.code === JetStreamApiCodes.ConsumerNotFound)
    ) {
      return undefined;
    }
    throw new BusTopologyError(name, action, { cause: err });
  }
}
