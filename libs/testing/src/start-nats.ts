import { containerRuntimeAvailable } from "./container-runtime.js";
import { startContainerNats } from "./container-nats.js";
import { externalNats } from "./external-nats.js";
import type { NatsFixture, StartNatsOptions } from "./fixture.js";
import { startLocalNats } from "./local-nats.js";

/**
 * Gives the calling test a NATS broker: the one in `NATS_URL` when set, else a container when
 * a container runtime answers, else a local `nats-server` child process. `POD_NATS_FIXTURE`
 * (`container` or `local`) forces a backend.
 */
export async function startNats(opts: StartNatsOptions = {}): Promise<NatsFixture> {
  const url = process.env.NATS_URL?.trim();
  if (url) return externalNats(url);

  const forced = process.env.POD_NATS_FIXTURE?.trim();
  if (forced === "local") return startLocalNats(opts);
  if (forced === "container" || (await containerRuntimeAvailable())) {
    return startContainerNats(opts);
  }
  return startLocalNats(opts);
}
