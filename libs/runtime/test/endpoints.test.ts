import { publish } from "@pod/bus";
import { subjects, STREAMS } from "@pod/protocol";
import { freePort, waitFor } from "@pod/testing";
import type { DestinationStream } from "pino";
import { describe, expect, it } from "vitest";
import { forwardUnchanged, startService, type RunningService } from "../src/index.js";
import { getJson, waitForStatus } from "../src/testing/index.js";
import { natsForTests } from "./helpers.js";

const shared = natsForTests("endpoints-test");

/** Keeps the service's log lines in memory instead of on the test's stdout. */
function memoryLog(): DestinationStream & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (text: string) => void lines.push(JSON.parse(text)) };
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function env() {
  return {
    NATS_URL: shared.nats.url,
    SERVICE_HTTP_PORT: String(await freePort()),
    LOG_LEVEL: "debug",
    SHUTDOWN_GRACE_MS: "5000",
  };
}

describe("http endpoints", () => {
  it("readyz - 503 until the consumer is bound, 200 once running; healthz answers throughout", async () => {
    const bindGate = gate();
    const vars = await env();
    const base = `http://127.0.0.1:${vars.SERVICE_HTTP_PORT}`;
    const starting = startService(
      {
        name: "ingest",
        httpPort: 0,
        async start(ctx) {
          await bindGate.opened;
          await ctx.consume(async () => undefined);
        },
      },
      { env: vars, logDestination: memoryLog() },
    );

    type Check = { name: string; ok: boolean; detail: unknown };
    // Wait past the connect phase: NATS up, start() still holding the consumer back.
    const checks = await waitFor(async () => {
      const { status, body } = await getJson(`${base}/readyz`);
      const list = (body as { checks?: Check[] }).checks ?? [];
      return status === 503 && list.find((c) => c.name === "nats")?.ok === true && list;
    });
    expect(checks.find((c) => c.name === "lifecycle")).toMatchObject({
      ok: false,
      detail: "starting",
    });
    expect(checks.find((c) => c.name === "nats")).toMatchObject({ ok: true });
    expect(checks.find((c) => c.name === "consumer")).toMatchObject({
      ok: false,
      detail: { durable: "ingest", bound: false },
    });
    expect((await getJson(`${base}/healthz`)).body).toMatchObject({ state: "starting" });

    bindGate.open();
    const service = await starting;
    const after = await getJson(`${base}/readyz`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ ready: true });
    const outcome = await service.stop("test over");
    expect(outcome.clean).toBe(true);
  });

  it("readyz - 503 while draining, with the in-flight message finished before the stop", async () => {
    const release = gate();
    let handled = 0;
    const vars = await env();
    const base = `http://127.0.0.1:${vars.SERVICE_HTTP_PORT}`;
    const service = await startService(
      {
        name: "ingest",
        httpPort: 0,
        async start(ctx) {
          await ctx.consume(async (delivery) => {
            await release.opened;
            await forwardUnchanged(
              delivery,
              subjects.pipeline("accepted", "send_direct"),
              "accepted",
            );
            handled++;
          });
        },
      },
      { env: vars, logDestination: memoryLog() },
    );
    await publish(
      shared.client,
      subjects.ingest("send_direct"),
      { id: "drain-1" },
      { msgId: "drain-1" },
    );
    await waitFor(async () => {
      const { body } = await getJson(`${base}/readyz`);
      const consumer = (
        body as { checks: { name: string; detail: { in_flight: number } }[] }
      ).checks.find((c) => c.name === "consumer");
      return consumer?.detail.in_flight === 1;
    });

    const stopping = service.stop("test drain");
    const draining = await waitForStatus(`${base}/readyz`, 503);
    expect(draining.body).toMatchObject({
      ready: false,
      checks: expect.arrayContaining([{ name: "lifecycle", ok: false, detail: "draining" }]),
    });
    expect((await getJson(`${base}/healthz`)).body).toMatchObject({ state: "draining" });
    expect(handled).toBe(0);

    release.open();
    const outcome = await stopping;
    expect(outcome).toMatchObject({ clean: true, unfinished: [] });
    expect(handled).toBe(1);
    const stored = await shared.client.jsm.streams.getMessage(STREAMS.pipeline.name, {
      last_by_subj: subjects.pipeline("accepted", "send_direct"),
    });
    expect(stored?.header?.get("Nats-Msg-Id")).toBe("accepted:drain-1");
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("metrics - /metrics serves the service's counters in Prometheus text", async () => {
    const vars = await env();
    const log = memoryLog();
    const service = (await startService(
      {
        name: "ingest",
        httpPort: 0,
        async start(ctx) {
          await ctx.consume((d) =>
            forwardUnchanged(d, subjects.pipeline("accepted", "post_channel"), "accepted").then(
              () => undefined,
            ),
          );
        },
      },
      { env: vars, logDestination: log },
    )) as RunningService<unknown>;
    for (const id of ["m-1", "m-2", "m-3"]) {
      await publish(shared.client, subjects.ingest("post_channel"), { id }, { msgId: id });
    }
    const url = `http://127.0.0.1:${vars.SERVICE_HTTP_PORT}/metrics`;
    const text = await waitFor(async () => {
      const res = await fetch(url);
      const body = await res.text();
      return /pod_consumer_messages_total\{[^}]*outcome="handled"[^}]*\} 3\b/.test(body) && body;
    });
    expect(text).toContain('target_info{service_name="ingest"');
    expect(text).toMatch(/pod_handler_duration_seconds_count\{[^}]*\} 3\b/);
    expect(log.lines.filter((l) => l.event === "message_handled")).toHaveLength(3);
    await service.stop("test over");
  });
});
