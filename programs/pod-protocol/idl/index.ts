import { accounts } from "./accounts.js";
import { errors } from "./errors.js";
import { events } from "./events.js";
import { instructions, PROGRAM_ID } from "./instructions.js";
import type { ProgramSpec } from "./model.js";
import { enums, limits, messageArgs, packedRecord, registerAgentArgs } from "./types.js";

export { PROGRAM_ID };

/** The program's interface: the one source the IDL JSON, TS types and C header come from. */
export const spec: ProgramSpec = {
  name: "pod_protocol",
  version: "0.1.0",
  address: PROGRAM_ID,
  description: "PoD Protocol: agents, channels, direct and compressed messages",
  instructions,
  accounts,
  events,
  errors,
  types: [limits, registerAgentArgs, messageArgs, packedRecord, ...enums],
};

export type * from "./model.js";
