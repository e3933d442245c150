import type { StartedNatsContainer } from "@testcontainers/nats";
import { FixtureStartError } from "./errors.js";
import type { NatsFixture, StartNatsOptions } from "./fixture.js";
import { freePort, readServerInfo } from "./net.js";
import { tmpDir } from "./tmp-dir.js";
import { waitFor } from "./wait-for.js";

/** Same major line as the Debian server the local backend uses. */
export const NATS_IMAGE = "nats:2.9.10";
const CLIENT_PORT = 4222;
const STORE_IN_CONTAINER = "/data";

/**
 * Starts NATS in a container. The host port is fixed (not Docker's random one) and the store
 * is a bind-mounted host directory, so `restart()` keeps both.
 */
export async function startContainerNats(opts: StartNatsOptions = {}): Promise<NatsFixture> {
  const { NatsContainer } = await import("@testcontainers/nats");
  const { getContainerRuntimeClient } = await import("testcontainers");
  const jetstream = opts.jetstream ?? true;
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const store = await tmpDir("pod-nats-");
  const port = await freePort();

  let builder = new NatsContainer(NATS_IMAGE)
    .withExposedPorts({ container: CLIENT_PORT, host: port })
    .withStartupTimeout(timeoutMs);
  if (jetstream) {
    builder = builder
      .withJetStream()
      .withArg("-sd", STORE_IN_CONTAINER)
      .withBindMounts([{ source: store.path, target: STORE_IN_CONTAINER }]);
  }

  let started: StartedNatsContainer;
  try {
    started = await builder.start();
  } catch (err) {
    await store.remove();
    throw new FixtureStartError("container", (err as Error).message, "", { cause: err });
  }
  const host = started.getHost();
  const url = `nats://${host}:${port}`;
  const docker = async () => (await getContainerRuntimeClient()).container;
  const ready = () =>
    waitFor(async () => (await readServerInfo(host, port, 500)).server_id, {
      timeoutMs,
      what: `NATS container on port ${port}`,
    });

  let stopped = false;
  return {
    backend: "container",
    url,
    port,
    user: started.username,
    pass: started.password,
    storeDir: jetstream ? store.path : undefined,
    connectionOptions: () => ({ servers: url, user: started.username, pass: started.password }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await started.stop({ timeout: 5_000 });
      await store.remove();
    },
    async restart() {
      if (stopped) throw new FixtureStartError("container", "restart() after stop()");
      // `docker restart` also starts a container that kill() left stopped.
      const client = await docker();
      await client.restart(client.getById(started.getId()), { timeout: 5 });
      await ready();
    },
    async kill() {
      const client = await docker();
      await client.getById(started.getId()).kill({ signal: "SIGKILL" });
    },
  };
}
