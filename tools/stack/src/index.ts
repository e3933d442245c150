export {
  startStack,
  REPO_ROOT,
  type Stack,
  type StackEvent,
  type StackOptions,
  type ServiceSelection,
} from "./stack.js";
export type { ServiceInstance } from "./service-instance.js";
export type { ExitInfo, LineSink } from "./child.js";
export { StackError, StackOptionError, StackStartError, NatsUnavailableError } from "./errors.js";
export { SERVICES, type ServiceName } from "@pod/protocol";
