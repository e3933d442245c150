import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generate } from "./generate.js";
import { GENERATED_HEADER, IDL_JSON, IDL_TYPES } from "./paths.js";

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Writes the IDL JSON, the TS types and the C header; returns the generated texts. */
export function emitGenerated() {
  const out = generate();
  write(IDL_JSON, out.idlJson);
  write(IDL_TYPES, out.types);
  write(GENERATED_HEADER, out.header);
  return out;
}

if (process.argv[1]?.endsWith("emit.ts")) emitGenerated();
