import { FixtureUnsupportedError } from "./errors.js";
import type { NatsFixture } from "./fixture.js";

/** Wraps a broker the environment provides (`NATS_URL`): usable, but not ours to stop. */
export function externalNats(url: string): NatsFixture {
  const parsed = new URL(url.includes("://") ? url : `nats://${url}`);
  const port = Number(parsed.port || 4222);
  const user = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const pass = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  const servers = `nats://${parsed.hostname}:${port}`;
  const unsupported = (operation: string) => () =>
    Promise.reject(new FixtureUnsupportedError(operation, "external (NATS_URL)"));

  return {
    backend: "external",
    url: servers,
    port,
    user,
    pass,
    storeDir: undefined,
    connectionOptions: () => ({ servers, user, pass }),
    // Nothing to release: the broker belongs to whoever set NATS_URL.
    stop: () => Promise.resolve(),
    restart: unsupported("restart"),
    kill: unsupported("kill"),
  };
}
