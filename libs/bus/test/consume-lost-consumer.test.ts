import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { STREAMS, subjects } from "@pod/protocol";
import { waitFor } from "@pod/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consume, publish, type Delivery } from "../src/index.js";
import { startBroker, waitUntilSettled, type TestBroker } from "./helpers.js";

const holder = fileURLToPath(new URL("./fixtures/hold-message.ts", import.meta.url));

describe("lost consumer", () => {
  let broker: TestBroker;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await broker?.close();
  });

  it("consume - a message held by a killed process goes to another instance after ack_wait", async () => {
    const { servers, user, pass } = broker.nats.connectionOptions();
    child = spawn(process.execPath, ["--import", "tsx", holder, servers, user ?? "", pass ?? ""], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes("ready"), { timeoutMs: 20_000, what: "holder ready" });

    await publish(
      broker.bus,
      subjects.event("message", "delivered"),
      { m: 1 },
      {
        msgId: "held-1",
      },
    );
    await waitFor(() => output.includes("holding held-1 1"), { what: "holder took it" });
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));

    const received: Delivery[] = [];
    const consumer = await consume(broker.bus, {
      service: "metrics",
      handler: async (d) => {
        received.push(d);
      },
    });
    await waitFor(() => received.length === 1, { timeoutMs: 15_000, what: "redelivery" });
    await waitUntilSettled(broker.bus, STREAMS.events.name, "metrics");
    await consumer.stop();

    expect(received[0]).toMatchObject({ msgId: "held-1", deliveryCount: 2, redelivered: true });
  });
});
