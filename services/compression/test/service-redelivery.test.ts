import { connectBus, consume, ensureTopology, TransientError, type Bus } from "@pod/bus";
import { metrics } from "@opentelemetry/api";
import { requestKeyOf, subjects, toBase64 } from "@pod/protocol";
import { createLogger } from "@pod/runtime";
import { startNats, waitFor, type NatsFixture } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compressionHandler,
  CompressionMetrics,
  policyOf,
  compressionConfigSchema,
} from "../src/index.js";
import { channelMessage, noise } from "./support/requests.js";
import {
  metric,
  pipelineCounts,
  publishAccepted,
  startCompression,
  waitForMessage,
} from "./support/pipeline.js";

let nats: NatsFixture;
let client: Bus;
let stopService: (() => Promise<unknown>) | undefined;

beforeAll(async () => {
  nats = await startNats();
  client = await connectBus({ servers: nats.url, name: "redelivery-test" });
  await ensureTopology(client.jsm);
});
afterAll(async () => {
  await stopService?.();
  await client?.close();
  await nats?.stop();
});

describe("compression after a crash between its publish and its ack", () => {
  it("redelivery - a redelivered input publishes nothing twice; the service acks it as a duplicate", async () => {
    const small = channelMessage({ text: "hello again" });
    const large = channelMessage({ bytes: toBase64(noise(2_000)) });
    const outputs = [
      subjects.pipeline("ready", "post_channel"),
      subjects.pipeline("store", "post_channel"),
    ];

    // A first instance runs the real handler, then fails before its ack (as a crash would);
    // the bus naks, and the input comes back after the backoff.
    const handler = compressionHandler({
      policy: policyOf(compressionConfigSchema.parse({})),
      metrics: new CompressionMetrics(metrics.getMeter("first-instance")),
      log: createLogger({ service: "compression", instanceId: "first", level: "silent" }),
    });
    let failed = 0;
    const first = await consume(client, {
      service: "compression",
      concurrency: 2,
      backoffMs: [1_500],
      handler: async (delivery) => {
        await handler(delivery);
        failed += 1;
        throw new TransientError("crashed after publishing, before the ack");
      },
    });
    await publishAccepted(client, small);
    await publishAccepted(client, large);
    await waitForMessage(client, outputs[0]!, `ready:${requestKeyOf(small)}`);
    await waitForMessage(client, outputs[1]!, `store:${requestKeyOf(large)}`);
    await waitFor(() => failed === 2);
    await first.stop();

    // The service takes over the durable and gets both inputs again.
    const { service, url, logs } = await startCompression(nats.url);
    stopService = () => service.stop("test over");
    const again = await waitFor(() => {
      const lines = logs.filter((l) => l.event === "record_already_published");
      return lines.length === 2 && lines;
    });
    expect(again.map((l) => l.delivery)).toEqual([2, 2]);

    const counts = await waitFor(async () => {
      const c = await pipelineCounts(client);
      // Acked: the work queue drops the inputs.
      return c[subjects.pipeline("accepted", "post_channel")] === undefined && c;
    });
    expect(outputs.map((s) => counts[s])).toEqual([1, 1]);
    expect(
      await metric(url, "pod_compression_duplicates_total", { op: "post_channel", route: "ready" }),
    ).toBe(1);
    expect(
      await metric(url, "pod_compression_duplicates_total", { op: "post_channel", route: "store" }),
    ).toBe(1);
    expect(
      await metric(url, "pod_compression_records_total", {
        op: "post_channel",
        route: "ready",
        storage: "inline",
      }),
    ).toBe(0);
  });
});
