import { PublicKey } from "@solana/web3.js";
import type { ProgramSpec, StructSpec } from "../idl/model.js";
import { ERROR_BASE } from "./anchor-idl.js";
import { discriminator, discriminatorU64 } from "./discriminator.js";
import { structLayout, typeTable } from "./layout.js";

const upper = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]/g, "_")
    .toUpperCase();

const hex64 = (v: bigint) => `0x${v.toString(16).padStart(16, "0")}ULL`;
const bytesInit = (b: Uint8Array) => `{${[...b].join(", ")}}`;
const cString = (s: string) => JSON.stringify(s);

function layoutLines(prefix: string, struct: StructSpec, spec: ProgramSpec, base: number) {
  const layout = structLayout(struct, typeTable(spec));
  const lines = [`#define ${prefix}_SIZE ${base + layout.maxSize}`];
  for (const f of layout.fields) {
    if (f.offset === undefined) break;
    lines.push(`#define ${prefix}_${upper(f.name)} ${base + f.offset}`);
  }
  return lines;
}

/** Named fixed addresses and PDAs of this program that the C side compares against. */
export interface HeaderAddresses {
  readonly fixed: Readonly<Record<string, string>>;
  /** name -> constant seeds of a PDA of this program */
  readonly pdas: Readonly<Record<string, readonly string[]>>;
  readonly constants: Readonly<Record<string, number>>;
}

/** The C header: discriminators, layouts, sizes, error codes and texts, addresses. */
export function cHeader(spec: ProgramSpec, addresses: HeaderAddresses): string {
  const programId = new PublicKey(spec.address);
  const out: string[] = [
    "/* Generated from the IDL source by build/generate.ts. Do not edit. */",
    "#pragma once",
    "#include <stdint.h>",
    "",
    `static const uint8_t POD_PROGRAM_ID[32] = ${bytesInit(programId.toBytes())};`,
  ];
  for (const [name, address] of Object.entries(addresses.fixed)) {
    const bytes = new PublicKey(address).toBytes();
    out.push(`static const uint8_t POD_ADDR_${upper(name)}[32] = ${bytesInit(bytes)};`);
  }
  for (const [name, seeds] of Object.entries(addresses.pdas)) {
    const seedBytes = seeds.map((s) => Buffer.from(s));
    const [pda, bump] = PublicKey.findProgramAddressSync(seedBytes, programId);
    out.push(`static const uint8_t POD_PDA_${upper(name)}[32] = ${bytesInit(pda.toBytes())};`);
    out.push(`#define POD_PDA_${upper(name)}_BUMP ${bump}`);
  }
  for (const [name, value] of Object.entries(addresses.constants)) {
    out.push(`#define POD_${upper(name)} ${value}`);
  }
  out.push("", "/* Instructions: discriminator (LE u64) and fixed account count. */");
  for (const ix of spec.instructions) {
    const d = discriminatorU64(discriminator("global", ix.name));
    out.push(`#define POD_IX_${upper(ix.name)} ${hex64(d)}`);
    out.push(`#define POD_IX_${upper(ix.name)}_ACCOUNTS ${ix.accounts.length}`);
  }
  out.push("", "/* Accounts: discriminator, max size with discriminator, field offsets. */");
  for (const acc of spec.accounts) {
    const p = `POD_${upper(acc.name)}`;
    out.push(`#define ${p}_DISC ${hex64(discriminatorU64(discriminator("account", acc.name)))}`);
    out.push(...layoutLines(p, acc, spec, 8));
  }
  out.push("", "/* Events: discriminator, max size with discriminator, field offsets. */");
  for (const ev of spec.events) {
    const p = `POD_EV_${upper(ev.name)}`;
    out.push(`#define ${p}_DISC ${hex64(discriminatorU64(discriminator("event", ev.name)))}`);
    out.push(...layoutLines(p, ev, spec, 8));
  }
  out.push("", "/* Argument types: Borsh size and field offsets. */");
  for (const t of spec.types) {
    if ("variants" in t) {
      t.variants.forEach((v, i) => out.push(`#define POD_${upper(t.name)}_${upper(v)} ${i}`));
      continue;
    }
    out.push(...layoutLines(`POD_T_${upper(t.name)}`, t, spec, 0));
  }
  out.push("", "/* Errors, numbered as Anchor numbers custom errors. */");
  spec.errors.forEach((e, i) => out.push(`#define POD_ERR_${upper(e.name)} ${ERROR_BASE + i}`));
  out.push(
    "",
    "/* The line Anchor logs for an error, so Anchor clients parse it by name. */",
    "static inline const char *pod_error_log(uint64_t code, uint64_t *len) {",
    "  switch (code) {",
  );
  spec.errors.forEach((e, i) => {
    const n = ERROR_BASE + i;
    const text = `AnchorError occurred. Error Code: ${e.name}. Error Number: ${n}. Error Message: ${e.msg}.`;
    out.push(`  case ${n}: *len = ${Buffer.byteLength(text)}; return ${cString(text)};`);
  });
  out.push("  default: *len = 0; return 0;", "  }", "}", "");
  return out.join("\n");
}
