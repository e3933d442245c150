import { STREAMS, subjects } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { BusInvalidArgumentError, BusPublishError, HEADERS, publish } from "../src/index.js";
import { brokerForTests, streamMessages } from "./helpers.js";

describe("publish", () => {
  const broker = brokerForTests();

  it("publish - a republished id is stored once and reported as duplicate", async () => {
    const subject = subjects.ingest("send_direct");
    const before = await streamMessages(broker.bus, STREAMS.requests.name);

    const first = await publish(broker.bus, subject, { n: 1 }, { msgId: "req-dedup-1" });
    const second = await publish(broker.bus, subject, { n: 1 }, { msgId: "req-dedup-1" });

    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    expect(await streamMessages(broker.bus, STREAMS.requests.name)).toBe(before + 1);
  });

  it("publish - objects are stored as JSON, bytes as given, with the id header", async () => {
    const subject = subjects.ingest("post_channel");
    const bytes = new Uint8Array([0, 255, 7]);

    const json = await publish(broker.bus, subject, { hello: "agent" }, { msgId: "req-json" });
    const raw = await publish(broker.bus, subject, bytes, {
      msgId: "req-raw",
      headers: { "Pod-Kind": "raw" },
    });

    const storedJson = await broker.bus.jsm.streams.getMessage(STREAMS.requests.name, {
      seq: json.seq,
    });
    const storedRaw = await broker.bus.jsm.streams.getMessage(STREAMS.requests.name, {
      seq: raw.seq,
    });
    expect(storedJson?.json()).toEqual({ hello: "agent" });
    expect(storedJson?.header.get(HEADERS.msgId)).toBe("req-json");
    expect([...storedRaw!.data]).toEqual([0, 255, 7]);
    expect(storedRaw?.header.get("Pod-Kind")).toBe("raw");
  });

  it("publish - a subject no stream stores fails with BUS_PUBLISH_FAILED", async () => {
    const attempt = publish(broker.bus, "nowhere.at.all", { x: 1 }, { msgId: "lost-1" });
    await expect(attempt).rejects.toBeInstanceOf(BusPublishError);
    await expect(attempt).rejects.toMatchObject({
      code: "BUS_PUBLISH_FAILED",
      subject: "nowhere.at.all",
      msgId: "lost-1",
    });
  });

  it("publish - a wrong expected stream is refused by the server", async () => {
    const attempt = publish(
      broker.bus,
      subjects.ingest("send_direct"),
      { x: 1 },
      {
        msgId: "req-wrong-stream",
        expectStream: STREAMS.events.name,
      },
    );
    await expect(attempt).rejects.toMatchObject({ code: "BUS_PUBLISH_FAILED" });
  });

  it("publish - a missing id or a wildcard subject is refused before sending", async () => {
    const before = await streamMessages(broker.bus, STREAMS.requests.name);
    await expect(
      publish(broker.bus, subjects.ingest("send_direct"), {}, { msgId: "" }),
    ).rejects.toMatchObject({ code: "BUS_INVALID_ARGUMENT", field: "msgId" });
    await expect(publish(broker.bus, "pod.ingest.*", {}, { msgId: "x" })).rejects.toBeInstanceOf(
      BusInvalidArgumentError,
    );
    expect(await streamMessages(broker.bus, STREAMS.requests.name)).toBe(before);
  });
});
