import { connectBus, publish } from "@pod/bus";
import {
  generateKeypair,
  PROTOCOL_VERSION,
  subjects,
  type MessageDeliveredEvent,
} from "@pod/protocol";
import { PodClient, RecordFailedError, RejectedError } from "@pod/sdk";
import { startStack } from "@pod/stack";
import { waitFor } from "@pod/testing";

/**
 * Metric families in Prometheus text: `# TYPE` names, plus the series names a histogram or
 * summary family expands to (`_bucket`, `_sum`, `_count`).
 */
export function metricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const m = /^# TYPE ([a-zA-Z_:][\w:]*) (\w+)/.exec(line);
    if (!m) continue;
    names.add(m[1]!);
    if (m[2] === "histogram" || m[2] === "summary") {
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(`${m[1]}${suffix}`);
    }
  }
  return names;
}

/** The pod_* metric names a PromQL expression reads. */
export function metricsInQuery(expr: string): string[] {
  return [...new Set(expr.match(/\bpod_[a-zA-Z0-9_]+\b/g) ?? [])];
}

/**
 * What a real metrics service exposes once real events went through it: the write path and
 * the metrics service as processes, an agent registered, a message confirmed and delivered
 * (the delivery published as the subscription service publishes it), a request rejected, a
 * record failed. OpenTelemetry's exporter lists an instrument only after its first
 * measurement, so the events have to be real.
 */
export async function scrapeMetricsService(): Promise<{ text: string; names: Set<string> }> {
  const stack = await startStack({
    services: ["ingest", "compression", "tx-bundler", "metrics"],
    env: { LOG_LEVEL: "warn" },
  });
  const client = await PodClient.connect({ natsUrl: stack.natsUrl, keypair: generateKeypair() });
  const stranger = await PodClient.connect({ natsUrl: stack.natsUrl, keypair: generateKeypair() });
  try {
    await client.submitAndConfirm("register_agent", {
      capabilities: "1",
      metadataUri: "https://a",
    });
    const confirmed = await client.submitAndConfirm("send_direct", {
      to: client.agent,
      content: { text: "to myself" },
      contentType: "text/plain",
    });
    const delivered: MessageDeliveredEvent = {
      v: PROTOCOL_VERSION,
      requestId: confirmed.requestId,
      requestKey: confirmed.requestKey,
      op: "send_direct",
      agent: client.agent,
      transport: "ws",
      confirmedAt: confirmed.at,
      at: confirmed.at + 5,
    };
    const bus = await connectBus({ servers: stack.natsUrl, name: "compose-test" });
    await publish(bus, subjects.event("message", "delivered"), delivered, {
      msgId: `delivered:${confirmed.requestKey}:${client.agent}`,
    });
    await bus.close();
    // To an agent that never registered: accepted by ingest, refused by the chain.
    const failed = await client
      .submitAndConfirm("send_direct", {
        to: generateKeypair().address,
        content: { text: "to nobody" },
        contentType: "text/plain",
        // An expiring message is a per-account record: the chain checks its recipient.
        expiresAt: Date.now() + 3_600_000,
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (!(failed instanceof RecordFailedError)) throw new Error("no record.failed");
    const refused = await stranger
      .submit("send_direct", {
        to: client.agent,
        content: { text: "hi" },
        contentType: "text/plain",
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (!(refused instanceof RejectedError)) throw new Error("an unknown agent was not rejected");

    const url = `${stack.service("metrics").httpUrl}/metrics`;
    // The metrics service reads the events after they happen: wait until what it exposes has
    // its own figures (not only the runtime's consumer metrics) and stopped changing.
    let text = "";
    let previous = "";
    await waitFor(
      async () => {
        text = await (await fetch(url)).text();
        const names = [...metricNames(text)].sort().join(",");
        const settled = names === previous;
        previous = names;
        return settled && /\bpod_(?!consumer_|handler_)/.test(names);
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: "the metrics service counting events" },
    );
    return { text, names: metricNames(text) };
  } finally {
    await Promise.all([client.close(), stranger.close()]);
    await stack.stop();
  }
}
