import {
  DF_TEXTREL,
  DT_FLAGS,
  DT_NULL,
  DT_REL,
  DT_RELCOUNT,
  DT_RELENT,
  DT_RELSZ,
  DT_STRSZ,
  DT_STRTAB,
  DT_SYMENT,
  DT_SYMTAB,
  R_BPF_64_32,
  R_BPF_64_RELATIVE,
  REL_SIZE,
  STB_GLOBAL,
  STT_FUNC,
  STT_NOTYPE,
  SYM_SIZE,
} from "./constants.js";
import { StringTable } from "./string-table.js";

export interface DynamicSymbol {
  name: number;
  info: number;
  shndx: number;
  value: number;
  size: number;
}

export interface DynamicRelocation {
  at: number;
  info: bigint;
}

/** The contents of .dynsym, .dynstr and .rel.dyn, before their addresses are known. */
export interface DynamicTables {
  symbols: DynamicSymbol[];
  strings: Uint8Array;
  relocations: DynamicRelocation[];
  relativeCount: number;
}

/** Undefined symbols for the syscalls (sorted), the exported entrypoint, and the relocations
 * that bind them: relative ones first, since DT_RELCOUNT counts from the table's start. */
export function buildDynamicTables(
  entry: { address: number; size: number; section: number },
  relative: readonly number[],
  syscallCalls: ReadonlyArray<{ at: number; name: string }>,
): DynamicTables {
  const strings = new StringTable();
  const symbols: DynamicSymbol[] = [{ name: 0, info: 0, shndx: 0, value: 0, size: 0 }];
  const index = new Map<string, number>();
  for (const name of [...new Set(syscallCalls.map((call) => call.name))].sort()) {
    index.set(name, symbols.length);
    const info = (STB_GLOBAL << 4) | STT_NOTYPE;
    symbols.push({ name: strings.add(name), info, shndx: 0, value: 0, size: 0 });
  }
  symbols.push({
    name: strings.add("entrypoint"),
    info: (STB_GLOBAL << 4) | STT_FUNC,
    shndx: entry.section,
    value: entry.address,
    size: entry.size,
  });

  const relocations: DynamicRelocation[] = [
    ...relative.map((at) => ({ at, info: BigInt(R_BPF_64_RELATIVE) })),
    ...syscallCalls.map((call) => ({
      at: call.at,
      info: (BigInt(index.get(call.name)!) << 32n) | BigInt(R_BPF_64_32),
    })),
  ];
  return { symbols, strings: strings.bytes(), relocations, relativeCount: relative.length };
}

/** The .dynamic entries pointing at the tables; the REL entries only when there are any. */
export function dynamicEntries(
  tables: DynamicTables,
  addresses: { dynsym: number; dynstr: number; rel: number },
): Array<[number, number]> {
  const entries: Array<[number, number]> = [[DT_FLAGS, DF_TEXTREL]];
  if (tables.relocations.length > 0) {
    entries.push([DT_REL, addresses.rel]);
    entries.push([DT_RELSZ, tables.relocations.length * REL_SIZE]);
    entries.push([DT_RELENT, REL_SIZE]);
    entries.push([DT_RELCOUNT, tables.relativeCount]);
  }
  entries.push([DT_SYMTAB, addresses.dynsym], [DT_SYMENT, SYM_SIZE]);
  entries.push([DT_STRTAB, addresses.dynstr], [DT_STRSZ, tables.strings.length]);
  entries.push([DT_NULL, 0]);
  return entries;
}
