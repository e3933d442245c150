import { RetentionPolicy } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { STREAMS } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import {
  BusTopologyConflictError,
  consumerSpec,
  consumerSpecs,
  ensureTopology,
  subjectMatches,
} from "../src/index.js";
import { brokerForTests } from "./helpers.js";

describe("topology", () => {
  const broker = brokerForTests();

  it("topology - ensuring twice changes nothing the second time", async () => {
    const jsm = broker.bus.jsm;
    const before = await Promise.all(
      Object.values(STREAMS).map(async (s) => (await jsm.streams.info(s.name)).config),
    );

    const report = await ensureTopology(jsm, { consumers: { ackWaitMs: 1_500 } });

    expect(report.streams.map((s) => s.action)).toEqual(
      Object.values(STREAMS).map(() => "unchanged"),
    );
    expect(report.consumers).toHaveLength(consumerSpecs().length);
    expect(report.consumers.every((c) => c.action === "unchanged")).toBe(true);
    const after = await Promise.all(
      Object.values(STREAMS).map(async (s) => (await jsm.streams.info(s.name)).config),
    );
    expect(after).toEqual(before);
  });

  it("topology - streams carry the retention and ages of the design", async () => {
    const jsm = broker.bus.jsm;
    const requests = (await jsm.streams.info(STREAMS.requests.name)).config;
    const pipeline = (await jsm.streams.info(STREAMS.pipeline.name)).config;
    const events = (await jsm.streams.info(STREAMS.events.name)).config;
    const dlq = (await jsm.streams.info(STREAMS.dlq.name)).config;

    expect(requests.retention).toBe(RetentionPolicy.Limits);
    expect(requests.max_age).toBe(nanos(24 * 3_600_000));
    expect(requests.duplicate_window).toBe(nanos(10 * 60_000));
    expect(pipeline.retention).toBe(RetentionPolicy.Workqueue);
    expect(events.max_age).toBe(nanos(7 * 24 * 3_600_000));
    expect(dlq.max_age).toBe(nanos(30 * 24 * 3_600_000));
    for (const c of [requests, pipeline, events, dlq]) expect(c.storage).toBe("file");
  });

  it("topology - every service has its durable with the filter consumerSpec names", async () => {
    for (const spec of consumerSpecs()) {
      const info = await broker.bus.jsm.consumers.info(spec.stream, spec.durable);
      expect(info.config.filter_subject).toBe(spec.filterSubject);
      expect(info.config.ack_policy).toBe("explicit");
      expect(info.config.ack_wait).toBe(nanos(1_500));
      expect(info.config.max_deliver).toBeGreaterThan(1);
    }
    expect(consumerSpec("tx-bundler")).toEqual({
      stream: "POD_PIPELINE",
      durable: "tx-bundler",
      filterSubject: "pod.pipeline.ready.>",
    });
  });

  it("topology - pipeline stage filters do not overlap", () => {
    const stages = consumerSpecs().filter((s) => s.stream === STREAMS.pipeline.name);
    const samples = ["accepted", "store", "ready"].map((st) => `pod.pipeline.${st}.send_direct`);
    for (const subject of samples) {
      expect(stages.filter((s) => subjectMatches(s.filterSubject, subject))).toHaveLength(1);
    }
  });

  it("topology - a changed mutable field is updated in place and reported", async () => {
    const report = await ensureTopology(broker.bus.jsm, {
      durations: { eventsMaxAgeMs: 3 * 24 * 3_600_000 },
      consumers: { ackWaitMs: 2_000 },
    });

    const events = report.streams.find((s) => s.name === STREAMS.events.name);
    expect(events).toMatchObject({ action: "updated", changed: ["max_age"] });
    expect(report.streams.filter((s) => s.action === "unchanged")).toHaveLength(
      Object.values(STREAMS).length - 1,
    );
    expect(report.consumers.every((c) => c.action === "updated")).toBe(true);
    expect(report.consumers[0]!.changed).toEqual(["ack_wait"]);
    const info = await broker.bus.jsm.streams.info(STREAMS.events.name);
    expect(info.config.max_age).toBe(nanos(3 * 24 * 3_600_000));

    // back to the file's defaults for the other tests
    await ensureTopology(broker.bus.jsm, { consumers: { ackWaitMs: 1_500 } });
  });

  it("topology - services ensuring it at the same moment all succeed", async () => {
    const jsm = broker.bus.jsm;
    for (const s of Object.values(STREAMS)) await jsm.streams.delete(s.name);
    const opts = { consumers: { ackWaitMs: 1_500 } };

    const reports = await Promise.all([1, 2, 3].map(() => ensureTopology(jsm, opts)));

    // the server treats an identical create as success: someone created, nobody failed
    for (const r of reports) expect(r.streams).toHaveLength(Object.values(STREAMS).length);
    const again = await ensureTopology(jsm, opts);
    expect([...again.streams, ...again.consumers].every((e) => e.action === "unchanged")).toBe(
      true,
    );
  });

  it("topology - a stream the server refuses to create is a typed BUS_TOPOLOGY_FAILED", async () => {
    const jsm = broker.bus.jsm;
    // a foreign stream already owns part of the events subject tree
    await jsm.streams.delete(STREAMS.events.name);
    await jsm.streams.add({ name: "FOREIGN", subjects: ["pod.events.request.accepted"] });

    await expect(ensureTopology(jsm, { consumers: { ackWaitMs: 1_500 } })).rejects.toMatchObject({
      code: "BUS_TOPOLOGY_FAILED",
      object: `stream ${STREAMS.events.name}`,
    });

    await jsm.streams.delete("FOREIGN");
    const report = await ensureTopology(jsm, { consumers: { ackWaitMs: 1_500 } });
    expect(report.streams.find((s) => s.name === STREAMS.events.name)?.action).toBe("created");
    expect(() => consumerSpec("nobody" as never)).toThrow(/not a PoD service/);
  });

  it("topology - a different retention is refused as a conflict and nothing is changed", async () => {
    const jsm = broker.bus.jsm;
    await jsm.streams.delete(STREAMS.dlq.name);
    await jsm.streams.add({
      name: STREAMS.dlq.name,
      subjects: [...STREAMS.dlq.subjects],
      retention: RetentionPolicy.Interest,
    });
    const eventsBefore = (await jsm.streams.info(STREAMS.events.name)).config;

    const attempt = ensureTopology(jsm, { durations: { eventsMaxAgeMs: 3_600_000 } });

    await expect(attempt).rejects.toBeInstanceOf(BusTopologyConflictError);
    await expect(attempt).rejects.toMatchObject({
      code: "BUS_TOPOLOGY_CONFLICT",
      object: STREAMS.dlq.name,
      field: "retention",
    });
    expect((await jsm.streams.info(STREAMS.events.name)).config).toEqual(eventsBefore);
  });
});
