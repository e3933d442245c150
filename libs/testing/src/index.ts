export { startNats } from "./start-nats.js";
export { startLocalNats, findNatsServer } from "./local-nats.js";
export { startContainerNats, NATS_IMAGE } from "./container-nats.js";
export { containerRuntimeAvailable } from "./container-runtime.js";
export type { NatsBackend, NatsFixture, StartNatsOptions } from "./fixture.js";
export { waitFor, type WaitForOptions } from "./wait-for.js";
export { tmpDir, type TmpDir } from "./tmp-dir.js";
export { freePort, freePortPair } from "./net.js";
export {
  FixtureError,
  FixtureStartError,
  FixtureUnsupportedError,
  NatsServerNotFoundError,
  WaitTimeoutError,
} from "./errors.js";
export {
  fakeRpc,
  forward,
  forwardHeld,
  forwardMapped,
  stall,
  drop,
  reply,
  type Action as RpcAction,
  type SeenRequest as SeenRpcRequest,
  type FakeRpc,
} from "./rpc-proxy.js";
export {
  startNatsCluster,
  natsServerVersion,
  type NatsCluster,
  type NatsClusterNode,
  type NatsClusterOptions,
} from "./nats-cluster.js";
