import { existsSync } from "node:fs";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  containerRuntimeAvailable,
  FixtureStartError,
  FixtureUnsupportedError,
  startNats,
  WaitTimeoutError,
  waitFor,
  type NatsFixture,
} from "../src/index.js";

async function withConnection<T>(
  fixture: NatsFixture,
  fn: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connect({ ...fixture.connectionOptions(), reconnect: false });
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

async function messageCount(fixture: NatsFixture, stream: string): Promise<number> {
  return withConnection(fixture, async (nc) => {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(stream)).state.messages;
  });
}

describe("nats fixture", () => {
  let fixture: NatsFixture;

  beforeAll(async () => {
    fixture = await startNats({ jetstream: true });
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it("nats fixture - starts a broker with JetStream on its own port", async () => {
    expect(fixture.port).toBeGreaterThan(0);
    expect(fixture.url).toContain(`:${fixture.port}`);

    await withConnection(fixture, async (nc) => {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: "FIXTURE", subjects: ["fixture.>"] });
      await jsm.jetstream().publish("fixture.one", "1");
    });
    expect(await messageCount(fixture, "FIXTURE")).toBe(1);
  });

  it("nats fixture - restart keeps the port and the stored messages", async () => {
    const before = await messageCount(fixture, "FIXTURE");
    const port = fixture.port;

    await fixture.restart();

    expect(fixture.port).toBe(port);
    expect(await messageCount(fixture, "FIXTURE")).toBe(before);
  });

  it("nats fixture - kill drops connections and restart recovers the store", async () => {
    await withConnection(fixture, (nc) => jetstream(nc).publish("fixture.two", "2"));
    const before = await messageCount(fixture, "FIXTURE");

    await fixture.kill();
    await expect(connect({ ...fixture.connectionOptions(), reconnect: false })).rejects.toThrow();

    await fixture.restart();
    expect(await messageCount(fixture, "FIXTURE")).toBe(before);
  });
});

describe("nats fixture lifecycle", () => {
  it("nats fixture - stop shuts the broker down and removes its store", async () => {
    const fixture = await startNats();
    const storeDir = fixture.storeDir;
    if (fixture.backend === "external") return expect(storeDir).toBeUndefined();
    expect(storeDir && existsSync(storeDir)).toBe(true);

    await fixture.stop();

    expect(existsSync(storeDir!)).toBe(false);
    await expect(connect({ ...fixture.connectionOptions(), reconnect: false })).rejects.toThrow();
    await fixture.stop(); // idempotent
  });

  it("nats fixture - NATS_URL is used as is and restart says it is unsupported", async () => {
    const owned = await startNats();
    const saved = process.env.NATS_URL;
    process.env.NATS_URL = owned.url;
    try {
      const external = await startNats();
      expect(external.backend).toBe("external");
      expect(external.port).toBe(owned.port);
      expect(external.storeDir).toBeUndefined();
      await expect(external.restart()).rejects.toBeInstanceOf(FixtureUnsupportedError);
      await expect(external.kill()).rejects.toMatchObject({ code: "FIXTURE_UNSUPPORTED" });
      await external.stop();
      // stopping the external fixture left the broker alone
      await withConnection(owned, (nc) => nc.flush());
    } finally {
      if (saved === undefined) delete process.env.NATS_URL;
      else process.env.NATS_URL = saved;
      await owned.stop();
    }
  });
});

describe("container backend", () => {
  it("nats fixture - the container backend starts one, or says why it cannot", async () => {
    const saved = process.env.POD_NATS_FIXTURE;
    process.env.POD_NATS_FIXTURE = "container";
    try {
      if (await containerRuntimeAvailable()) {
        const fixture = await startNats();
        expect(fixture.backend).toBe("container");
        await withConnection(fixture, (nc) => nc.flush());
        await fixture.stop();
      } else {
        await expect(startNats()).rejects.toBeInstanceOf(FixtureStartError);
        await expect(startNats()).rejects.toMatchObject({
          code: "FIXTURE_START_FAILED",
          backend: "container",
        });
      }
    } finally {
      if (saved === undefined) delete process.env.POD_NATS_FIXTURE;
      else process.env.POD_NATS_FIXTURE = saved;
    }
  });
});

describe("waitFor", () => {
  it("waitFor - resolves with the first truthy value", async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe("after 3");
  });

  it("waitFor - rejects with a typed timeout carrying the last error", async () => {
    const failure = waitFor(
      () => {
        throw new Error("still broken");
      },
      { timeoutMs: 50, intervalMs: 5, what: "the impossible" },
    );
    await expect(failure).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(failure).rejects.toMatchObject({ cause: { message: "still broken" } });
  });
});
