export {
  PROGRAM_ID,
  channelNameHash,
  coder,
  eventParser,
  loadIdl,
  loadProgramBytes,
  pdas,
} from "./program.js";
export type { PodProtocol } from "../../../target/types/pod_protocol.js";
