import idlModule from "@coral-xyz/anchor/dist/cjs/idl.js";
import type { Idl } from "@coral-xyz/anchor";
import { spec } from "../idl/index.js";
import * as ix from "../idl/instructions.js";
import { MAX_CHANNEL_NAME, MAX_CID, MAX_METADATA_URI, MAX_RELAYERS } from "../idl/types.js";
import { anchorIdl } from "./anchor-idl.js";
import { cHeader } from "./c-header.js";

/** Max records per append (Light caps outputs per invoke on a V1 tree at 30). */
export const MAX_RECORDS = 30;

/** Every generated artifact as text, keyed by its role; deterministic for a given spec. */
export function generate() {
  const idl = anchorIdl(spec);
  const idlJson = `${JSON.stringify(idl, null, 2)}\n`;
  // As `anchor build` writes it: the IDL with camelCase names, as Program<T> expects.
  const camel = idlModule.convertIdlToCamelCase(idl as unknown as Idl);
  const types = [
    "/* Generated from the IDL source by programs/pod-protocol/build. Do not edit. */",
    `export type PodProtocol = ${JSON.stringify(camel, null, 2)};`,
    "",
  ].join("\n");
  const header = cHeader(spec, {
    fixed: {
      system_program: ix.SYSTEM_PROGRAM,
      light_system_program: ix.LIGHT_SYSTEM_PROGRAM,
      account_compression_program: ix.ACCOUNT_COMPRESSION_PROGRAM,
      noop_program: ix.NOOP_PROGRAM,
      registered_program_pda: ix.REGISTERED_PROGRAM_PDA,
      account_compression_authority: ix.ACCOUNT_COMPRESSION_AUTHORITY,
      upgradeable_loader: ix.UPGRADEABLE_LOADER,
      program_data: ix.PROGRAM_DATA,
      ed25519_program: ix.ED25519_PROGRAM,
      instructions_sysvar: ix.INSTRUCTIONS_SYSVAR,
    },
    pdas: { protocol: ["protocol"], cpi_authority: ["cpi_authority"] },
    constants: {
      max_relayers: MAX_RELAYERS,
      max_metadata_uri: MAX_METADATA_URI,
      max_channel_name: MAX_CHANNEL_NAME,
      max_cid: MAX_CID,
      max_records: MAX_RECORDS,
    },
  });
  return { idl, idlJson, types, header };
}
