export {
  spawnService,
  type ExitInfo,
  type LogLine,
  type ServiceProcess,
  type ServiceProcessOptions,
} from "./service-process.js";
export { getJson, waitForStatus } from "./http.js";
export { collectLogs } from "./log-collector.js";
