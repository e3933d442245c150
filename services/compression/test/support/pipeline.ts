import { connectBus, publish, type Bus } from "@pod/bus";
import { requestKeyOf, STREAMS, subjects, type Operation, type SignedRequest } from "@pod/protocol";
import { startService, type RunningService } from "@pod/runtime";
import { collectLogs, type LogLine } from "@pod/runtime/testing";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll } from "vitest";
import { compressionService } from "../../src/index.js";
import { accepted } from "./requests.js";

export type { LogLine } from "@pod/runtime/testing";
type Running = RunningService<Record<string, unknown>>;

/** The compression service started in this process on `natsUrl`, its log lines collected. */
export async function startCompression(
  natsUrl: string,
  env: Record<string, string> = {},
): Promise<{ service: Running; url: string; logs: LogLine[] }> {
  const { logs, destination } = collectLogs();
  const service = (await startService(compressionService, {
    env: { NATS_URL: natsUrl, SERVICE_HTTP_PORT: "0", LOG_LEVEL: "debug", ...env },
    logDestination: destination,
  })) as unknown as Running;
  return { service, url: service.http.url, logs };
}

/** A NATS server, a client, and the compression service with `env`, for one test file. */
export function compressionForTests(env: Record<string, string> = {}) {
  const state: {
    nats?: NatsFixture;
    client?: Bus;
    service?: Running;
    url?: string;
    logs?: LogLine[];
  } = {};
  beforeAll(async () => {
    state.nats = await startNats();
    state.client = await connectBus({ servers: state.nats.url, name: "compression-test" });
    Object.assign(state, await startCompression(state.nats.url, env));
  });
  afterAll(async () => {
    await state.service?.stop("test over");
    await state.client?.close();
    await state.nats?.stop();
  });
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is started in beforeAll`);
    return value;
  };
  return {
    get client() {
      return need(state.client, "the client");
    },
    get url() {
      return need(state.url, "the service");
    },
    get logs() {
      return need(state.logs, "the service");
    },
  };
}

/** Publishes what ingest would for `request`, on the subject of `op` (its own by default). */
export function publishAccepted(client: Bus, request: SignedRequest, op: Operation = request.op) {
  return publish(client, subjects.pipeline("accepted", op), accepted(request), {
    msgId: `accepted:${requestKeyOf(request)}`,
  });
}

/** The last message stored on `subject` of `stream`, or undefined. */
export async function lastOn(client: Bus, subject: string, stream: string = STREAMS.pipeline.name) {
  return (await client.jsm.streams.getMessage(stream, { last_by_subj: subject })) ?? undefined;
}

/** Waits for the message with id `msgId` to be the last one on `subject`. */
export function waitForMessage(client: Bus, subject: string, msgId: string) {
  return waitFor(
    async () => {
      const m = await lastOn(client, subject);
      return m?.header?.get("Nats-Msg-Id") === msgId && m;
    },
    { what: `${msgId} on ${subject}` },
  );
}

/** Messages per subject in POD_PIPELINE right now. */
export async function pipelineCounts(client: Bus): Promise<Record<string, number>> {
  const info = await client.jsm.streams.info(STREAMS.pipeline.name, { subjects_filter: ">" });
  return info.state.subjects ?? {};
}

/** Every message in POD_DLQ, oldest first. */
export async function deadLetters(client: Bus) {
  const info = await client.jsm.streams.info(STREAMS.dlq.name);
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && seq > 0; seq++) {
    const m = await client.jsm.streams.getMessage(STREAMS.dlq.name, { seq });
    if (m) out.push(m);
  }
  return out;
}

/** The value of one Prometheus sample (0 when absent): `name{labels}` with labels sorted. */
export async function metric(url: string, name: string, labels: Record<string, string> = {}) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? "").split(",").filter((s) => s !== "" && !s.startsWith("otel_scope"));
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(m[3]);
  }
  return 0;
}
