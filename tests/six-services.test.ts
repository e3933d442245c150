import { connectBus } from "@pod/bus";
import { generateKeypair, STREAMS } from "@pod/protocol";
import { PodClient } from "@pod/sdk";
import { startStack, type Stack, type StackEvent } from "@pod/stack";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let stack: Stack;
let agent: PodClient;
const exits: Extract<StackEvent, { event: "exited" }>[] = [];

beforeAll(async () => {
  stack = await startStack({
    env: { LOG_LEVEL: "warn" },
    onEvent: (e) => {
      if (e.event === "exited") exits.push(e);
    },
  });
  agent = await PodClient.connect({ natsUrl: stack.natsUrl, keypair: generateKeypair() });
}, 240_000);
afterAll(async () => {
  await agent?.close();
  await stack?.stop();
});

async function metricsText(service: "metrics" | "subscription"): Promise<string> {
  return (await fetch(`${stack.service(service).httpUrl}/metrics`)).text();
}

describe("the six services side by side", () => {
  it("services - all six are ready; an agent's registration is confirmed; metrics counts its events by subject and settles its durable; subscription has none", async () => {
    for (const s of stack.services)
      expect((await fetch(`${s.httpUrl}/readyz`)).status, s.label).toBe(200);
    const confirmed = await agent.submitAndConfirm("register_agent", {
      capabilities: "1",
      metadataUri: "https://agents.example/six",
    });
    expect(confirmed.registered).toEqual([agent.agent]);

    await waitFor(async () => {
      const t = await metricsText("metrics");
      return (
        /pod_events_total\{[^}]*subject="pod\.events\.request\.accepted"[^}]*\} [1-9]/.test(t) &&
        /pod_events_total\{[^}]*subject="pod\.events\.record\.confirmed"[^}]*\} [1-9]/.test(t)
      );
    });
    const bus = await connectBus({ servers: stack.natsUrl, name: "six-services-test" });
    try {
      await waitFor(async () => {
        const info = await bus.jsm.consumers.info(STREAMS.events.name, "metrics");
        return (
          info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq > 0
        );
      });
      // Every subscription instance reads the stream itself: no shared durable piles up.
      const durables: string[] = [];
      for await (const c of bus.jsm.consumers.list(STREAMS.events.name)) {
        if (c.config.durable_name) durables.push(c.config.durable_name);
      }
      expect(durables).not.toContain("subscription");
    } finally {
      await bus.close();
    }
  });

  it("services - on stop every service drains and exits 0", async () => {
    await agent.close();
    await stack.stop();
    const services = exits.filter((e) => stack.services.some((s) => s.label === e.process));
    expect(services.map((e) => [e.process, e.code]).sort()).toEqual(
      stack.services.map((s) => [s.label, 0]).sort(),
    );
  }, 60_000);
});
