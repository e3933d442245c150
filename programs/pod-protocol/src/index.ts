export {
  PROGRAM_ID,
  channelNameHash,
  coder,
  eventParser,
  loadIdl,
  loadProgramBytes,
  pdas,
} from "./program.js";
export { MissingAccountError, podInstruction, UnknownInstructionError } from "./instructions.js";
export * from "./limits.js";
export { ed25519Instruction, SignatureEntryError } from "./ed25519.js";
export type { SignedDigest } from "./ed25519.js";
export { compressedLookupAddresses } from "./lookup-table.js";
export {
  compressedMessageData,
  envelopeHash,
  recordDataHash,
  verifyAuthorship,
} from "./records.js";
export type { Envelope } from "./records.js";
export type { PodProtocol } from "../../../target/types/pod_protocol.js";
