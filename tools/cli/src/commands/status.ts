import { SERVICES, type ServiceName } from "@pod/protocol";
import type { Command } from "commander";
import { Context } from "../context.js";
import { EXIT, messageOf, ReportedError } from "../errors.js";

interface ServiceStatus {
  service: ServiceName;
  url: string;
  alive: boolean;
  ready: boolean;
  state?: string;
  /** Readiness checks that failed, by name. */
  failing: string[];
  error?: string;
}

interface ConsumerStatus {
  stream: string;
  durable: string;
  ok: boolean;
  numPending?: number;
  numAckPending?: number;
  numRedelivered?: number;
  error?: string;
}

interface ChainStatus {
  url: string;
  ok: boolean;
  slot?: number;
  health?: string;
  error?: string;
}

/** `pod status`: every service's /healthz and /readyz, consumer backlogs, the chain RPC. */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("health of the services, JetStream consumer backlogs and the chain RPC")
    .action(async (_opts: object, command: Command) => {
      const ctx = Context.of(command);
      const probeMs = Math.min(ctx.config.timeoutMs, 3_000);
      const [services, consumers, chain] = await Promise.all([
        Promise.all(SERVICES.map((s) => serviceStatus(s, ctx.config.serviceUrls[s], probeMs))),
        consumerStatus(ctx),
        chainStatus(ctx.config.rpcUrl, probeMs),
      ]);
      const natsOk = !("error" in consumers);
      const healthy =
        services.every((s) => s.ready) && natsOk && consumers.list.every((c) => c.ok) && chain.ok;

      if (ctx.out.json) {
        ctx.out.data({
          healthy,
          services,
          nats: {
            url: ctx.config.natsUrl,
            ok: natsOk,
            ...(natsOk ? {} : { error: consumers.error }),
          },
          consumers: consumers.list,
          chain,
        });
      } else {
        print(ctx, services, consumers, chain);
      }
      if (!healthy) {
        // The report above is the output; the error line only sets the exit code.
        throw new ReportedError(
          "UNHEALTHY",
          "some components are not healthy or not ready",
          EXIT.unhealthy,
        );
      }
    });
}

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

async function serviceStatus(
  service: ServiceName,
  url: string,
  timeoutMs: number,
): Promise<ServiceStatus> {
  const status: ServiceStatus = { service, url, alive: false, ready: false, failing: [] };
  try {
    const health = await getJson(`${url}/healthz`, timeoutMs);
    status.alive = health.status === 200;
    status.state = (health.body as { state?: string }).state;
    const ready = await getJson(`${url}/readyz`, timeoutMs);
    status.ready = ready.status === 200;
    const checks = (ready.body as { checks?: { name: string; ok: boolean }[] }).checks ?? [];
    status.failing = checks.filter((c) => !c.ok).map((c) => c.name);
  } catch (error) {
    status.error = messageOf(error);
  }
  return status;
}

async function consumerStatus(
  ctx: Context,
): Promise<
  { list: ConsumerStatus[]; error?: undefined } | { list: ConsumerStatus[]; error: string }
> {
  let bus;
  try {
    bus = await ctx.natsBus();
  } catch (error) {
    return { list: [], error: messageOf(error) };
  }
  const { consumerSpecs } = await import("@pod/bus");
  const { STREAMS } = await import("@pod/protocol");
  const list: ConsumerStatus[] = [];
  const seen = new Set<string>();
  // Every durable on the PoD streams (services add their own beside the spec's, e.g. a
  // directory feed), then the spec's durables that are missing.
  for (const { name: stream } of Object.values(STREAMS)) {
    try {
      for await (const info of bus.jsm.consumers.list(stream)) {
        if (!info.config.durable_name) continue;
        seen.add(`${stream}/${info.config.durable_name}`);
        list.push({
          stream,
          durable: info.config.durable_name,
          ok: true,
          numPending: info.num_pending,
          numAckPending: info.num_ack_pending,
          numRedelivered: info.num_redelivered,
        });
      }
    } catch (error) {
      // A stream no service consumes from (POD_DLQ, POD_TRACES) may be absent; the others'
      // durables show up as missing below.
      if (!consumerSpecs().some((c) => c.stream === stream)) continue;
      list.push({ stream, durable: "(stream)", ok: false, error: messageOf(error) });
    }
  }
  for (const { stream, durable } of consumerSpecs()) {
    if (!seen.has(`${stream}/${durable}`)) {
      list.push({ stream, durable, ok: false, error: "consumer missing" });
    }
  }
  return { list };
}

async function chainStatus(url: string, timeoutMs: number): Promise<ChainStatus> {
  const call = async (method: string) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message?: string } };
    if (body.error) throw new Error(body.error.message ?? `${method} failed`);
    return body.result;
  };
  try {
    const [health, slot] = await Promise.all([call("getHealth"), call("getSlot")]);
    return { url, ok: health === "ok", health: String(health), slot: Number(slot) };
  } catch (error) {
    return { url, ok: false, error: messageOf(error) };
  }
}

function print(
  ctx: Context,
  services: ServiceStatus[],
  consumers: { list: ConsumerStatus[]; error?: string },
  chain: ChainStatus,
): void {
  const c = ctx.out.color;
  const mark = (ok: boolean) => (ok ? c.green("ok") : c.red("down"));
  ctx.out.table(
    ["service", "alive", "ready", "url", "detail"],
    services.map((s) => [
      s.service,
      mark(s.alive),
      s.ready ? c.green("ready") : c.red("not ready"),
      s.url,
      s.error ?? (s.failing.length ? `failing: ${s.failing.join(", ")}` : (s.state ?? "")),
    ]),
  );
  ctx.out.line();
  if (consumers.error) {
    ctx.out.line(`${c.bold("nats")} ${c.red("unreachable")}: ${consumers.error}`);
  } else {
    ctx.out.table(
      ["consumer", "stream", "pending", "ack pending", "redelivered"],
      consumers.list.map((k) =>
        k.ok
          ? [
              k.durable,
              k.stream,
              String(k.numPending),
              String(k.numAckPending),
              String(k.numRedelivered),
            ]
          : [k.durable, k.stream, c.red("missing"), "", k.error ?? ""],
      ),
    );
  }
  ctx.out.line();
  ctx.out.line(
    `${c.bold("chain")} ${mark(chain.ok)} ${chain.url}` +
      (chain.ok ? ` slot ${chain.slot}` : `: ${chain.error ?? chain.health}`),
  );
}
