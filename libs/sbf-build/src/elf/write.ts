import { alignUp } from "../sections.js";
import {
  DYN_SIZE,
  EHDR_SIZE,
  ELFCLASS64,
  ELFDATA2LSB,
  EM_BPF,
  ET_DYN,
  EV_CURRENT,
  PF_R,
  PF_W,
  PF_X,
  PHDR_SIZE,
  PT_DYNAMIC,
  PT_LOAD,
  REL_SIZE,
  SHDR_SIZE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHT_DYNAMIC,
  SHT_DYNSYM,
  SHT_PROGBITS,
  SHT_REL,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FUNC,
  SYM_SIZE,
} from "./constants.js";
import { buildDynamicTables, dynamicEntries } from "./dynamic.js";
import type { DynamicTables } from "./dynamic.js";
import { StringTable } from "./string-table.js";

/** Addresses of the loaded sections; in this format virtual address equals file offset. */
export interface ImagePlan {
  text: number;
  rodata: number;
  programHeaders: number;
}

export interface SharedObjectContents {
  plan: ImagePlan;
  text: Uint8Array;
  rodata: Uint8Array;
  rodataAlign: number;
  entry: { address: number; size: number };
  relative: readonly number[];
  syscallCalls: ReadonlyArray<{ at: number; name: string }>;
  /** Functions for an optional .symtab; empty leaves the table out. */
  symbols: ReadonlyArray<{ name: string; address: number; size: number; global: boolean }>;
}

interface SectionHeader {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link?: number;
  info?: number;
  align: number;
  entsize?: number;
}

interface Segment {
  type: number;
  flags: number;
  addr: number;
  size: number;
  align: number;
}

const PAGE = 0x1000;
const TEXT_SECTION = 1; // .text is always the first section after the null one

/** Chooses where .text and .rodata live, before relocation needs their addresses. */
export function planImage(textSize: number, rodataSize: number, rodataAlign: number): ImagePlan {
  const programHeaders = rodataSize > 0 ? 5 : 4;
  const text = alignUp(EHDR_SIZE + programHeaders * PHDR_SIZE, 8);
  const rodata = alignUp(text + textSize, Math.max(8, rodataAlign));
  return { text, rodata, programHeaders };
}

/** Serializes the ET_DYN image the SBPFv0 loader accepts; same input, same bytes. */
export function writeSharedObject(contents: SharedObjectContents): Uint8Array {
  const { plan, text, rodata } = contents;
  const tables = buildDynamicTables(
    { ...contents.entry, section: TEXT_SECTION },
    contents.relative,
    contents.syscallCalls,
  );

  // Loaded parts in ascending address order, as the loader requires.
  const hasRodata = rodata.length > 0;
  const dynamic = alignUp(hasRodata ? plan.rodata + rodata.length : plan.text + text.length, 8);
  const dynamicCount = tables.relocations.length > 0 ? 10 : 6;
  const dynsym = alignUp(dynamic + dynamicCount * DYN_SIZE, 8);
  const dynstr = dynsym + tables.symbols.length * SYM_SIZE;
  const rel = alignUp(dynstr + tables.strings.length, 8);
  const relSize = tables.relocations.length * REL_SIZE;
  const entries = dynamicEntries(tables, { dynsym, dynstr, rel });
  if (entries.length !== dynamicCount) {
    throw new Error(`planned ${dynamicCount} dynamic entries, built ${entries.length}`);
  }

  const sections: SectionHeader[] = [
    {
      name: ".text",
      type: SHT_PROGBITS,
      flags: SHF_ALLOC | SHF_EXECINSTR,
      addr: plan.text,
      offset: plan.text,
      size: text.length,
      align: 8,
    },
  ];
  if (hasRodata) {
    sections.push({
      name: ".rodata",
      type: SHT_PROGBITS,
      flags: SHF_ALLOC,
      addr: plan.rodata,
      offset: plan.rodata,
      size: rodata.length,
      align: Math.max(1, contents.rodataAlign),
    });
  }
  const dynstrIndex = sections.length + 3; // after .dynamic and .dynsym, counting null
  const dynsymIndex = sections.length + 2;
  sections.push(
    {
      name: ".dynamic",
      type: SHT_DYNAMIC,
      flags: SHF_ALLOC | SHF_WRITE,
      addr: dynamic,
      offset: dynamic,
      size: entries.length * DYN_SIZE,
      link: dynstrIndex,
      align: 8,
      entsize: DYN_SIZE,
    },
    {
      name: ".dynsym",
      type: SHT_DYNSYM,
      flags: SHF_ALLOC,
      addr: dynsym,
      offset: dynsym,
      size: tables.symbols.length * SYM_SIZE,
      link: dynstrIndex,
      info: 1,
      align: 8,
      entsize: SYM_SIZE,
    },
    {
      name: ".dynstr",
      type: SHT_STRTAB,
      flags: SHF_ALLOC,
      addr: dynstr,
      offset: dynstr,
      size: tables.strings.length,
      align: 1,
    },
    {
      name: ".rel.dyn",
      type: SHT_REL,
      flags: SHF_ALLOC,
      addr: rel,
      offset: rel,
      size: relSize,
      link: dynsymIndex,
      align: 8,
      entsize: REL_SIZE,
    },
  );

  const symtab = contents.symbols.length > 0 ? buildSymbolTable(contents.symbols) : undefined;
  const names = new StringTable();
  for (const section of sections) names.add(section.name);
  for (const name of [".shstrtab", ...(symtab ? [".symtab", ".strtab"] : [])]) names.add(name);
  const shstrtab = names.bytes();
  const shstrtabOffset = rel + relSize;
  const shstrtabIndex = sections.length + 1; // counting the null header
  sections.push({
    name: ".shstrtab",
    type: SHT_STRTAB,
    flags: 0,
    addr: 0,
    offset: shstrtabOffset,
    size: shstrtab.length,
    align: 1,
  });
  let end = shstrtabOffset + shstrtab.length;
  if (symtab) {
    const symtabOffset = alignUp(end, 8);
    const strtabOffset = symtabOffset + symtab.symbols.length;
    const strtabIndex = sections.length + 2; // .symtab is next; index counts the null header
    sections.push(
      {
        name: ".symtab",
        type: SHT_SYMTAB,
        flags: 0,
        addr: 0,
        offset: symtabOffset,
        size: symtab.symbols.length,
        link: strtabIndex,
        info: symtab.firstGlobal,
        align: 8,
        entsize: SYM_SIZE,
      },
      {
        name: ".strtab",
        type: SHT_STRTAB,
        flags: 0,
        addr: 0,
        offset: strtabOffset,
        size: symtab.strings.length,
        align: 1,
      },
    );
    end = strtabOffset + symtab.strings.length;
  }
  const shoff = alignUp(end, 8);

  const segments: Segment[] = [
    { type: PT_LOAD, flags: PF_R | PF_X, addr: plan.text, size: text.length, align: PAGE },
  ];
  if (hasRodata) {
    segments.push({
      type: PT_LOAD,
      flags: PF_R,
      addr: plan.rodata,
      size: rodata.length,
      align: PAGE,
    });
  }
  const dynamicSize = entries.length * DYN_SIZE;
  segments.push(
    { type: PT_LOAD, flags: PF_R | PF_W, addr: dynamic, size: dynamicSize, align: PAGE },
    { type: PT_LOAD, flags: PF_R, addr: dynsym, size: rel + relSize - dynsym, align: PAGE },
    { type: PT_DYNAMIC, flags: PF_R | PF_W, addr: dynamic, size: dynamicSize, align: 8 },
  );
  if (segments.length !== plan.programHeaders) {
    throw new Error(`planned ${plan.programHeaders} program headers, wrote ${segments.length}`);
  }

  const out = new Uint8Array(shoff + (sections.length + 1) * SHDR_SIZE);
  const view = new DataView(out.buffer);
  writeFileHeader(view, {
    entry: contents.entry.address,
    shoff,
    phnum: segments.length,
    shnum: sections.length + 1,
    shstrndx: shstrtabIndex,
  });
  segments.forEach((segment, index) => writeSegment(view, EHDR_SIZE + index * PHDR_SIZE, segment));
  out.set(text, plan.text);
  out.set(rodata, plan.rodata);
  writeDynamic(view, dynamic, entries);
  writeTables(out, view, tables, { dynsym, dynstr, rel });
  out.set(shstrtab, shstrtabOffset);
  if (symtab) {
    const [symtabHeader, strtabHeader] = sections.slice(-2);
    out.set(symtab.symbols, symtabHeader!.offset);
    out.set(symtab.strings, strtabHeader!.offset);
  }
  sections.forEach((section, index) =>
    writeSectionHeader(view, shoff + (index + 1) * SHDR_SIZE, section, names.add(section.name)),
  );
  return out;
}

/** .symtab bytes: the null symbol, local functions, then global ones (ELF's required order). */
function buildSymbolTable(functions: SharedObjectContents["symbols"]): {
  symbols: Uint8Array;
  strings: Uint8Array;
  firstGlobal: number;
} {
  const ordered = [...functions.filter((f) => !f.global), ...functions.filter((f) => f.global)];
  const strings = new StringTable();
  const symbols = new Uint8Array((ordered.length + 1) * SYM_SIZE);
  const view = new DataView(symbols.buffer);
  ordered.forEach((fn, index) => {
    const at = (index + 1) * SYM_SIZE;
    view.setUint32(at, strings.add(fn.name), true);
    view.setUint8(at + 4, ((fn.global ? STB_GLOBAL : STB_LOCAL) << 4) | STT_FUNC);
    view.setUint16(at + 6, TEXT_SECTION, true);
    u64(view, at + 8, fn.address);
    u64(view, at + 16, fn.size);
  });
  const firstGlobal = 1 + ordered.filter((f) => !f.global).length;
  return { symbols, strings: strings.bytes(), firstGlobal };
}

function u64(view: DataView, at: number, value: number | bigint): void {
  view.setBigUint64(at, BigInt(value), true);
}

function writeFileHeader(
  view: DataView,
  fields: { entry: number; shoff: number; phnum: number; shnum: number; shstrndx: number },
): void {
  [0x7f, 0x45, 0x4c, 0x46, ELFCLASS64, ELFDATA2LSB, EV_CURRENT].forEach((byte, i) =>
    view.setUint8(i, byte),
  );
  view.setUint16(16, ET_DYN, true);
  view.setUint16(18, EM_BPF, true);
  view.setUint32(20, EV_CURRENT, true);
  u64(view, 24, fields.entry);
  u64(view, 32, EHDR_SIZE);
  u64(view, 40, fields.shoff);
  view.setUint32(48, 0, true); // e_flags 0 selects SBPFv0
  view.setUint16(52, EHDR_SIZE, true);
  view.setUint16(54, PHDR_SIZE, true);
  view.setUint16(56, fields.phnum, true);
  view.setUint16(58, SHDR_SIZE, true);
  view.setUint16(60, fields.shnum, true);
  view.setUint16(62, fields.shstrndx, true);
}

function writeSegment(view: DataView, at: number, segment: Segment): void {
  view.setUint32(at, segment.type, true);
  view.setUint32(at + 4, segment.flags, true);
  u64(view, at + 8, segment.addr); // p_offset: equal to the address
  u64(view, at + 16, segment.addr);
  u64(view, at + 24, segment.addr);
  u64(view, at + 32, segment.size);
  u64(view, at + 40, segment.size);
  u64(view, at + 48, segment.align);
}

function writeDynamic(view: DataView, at: number, entries: Array<[number, number]>): void {
  entries.forEach(([tag, value], index) => {
    u64(view, at + index * DYN_SIZE, tag);
    u64(view, at + index * DYN_SIZE + 8, value);
  });
}

function writeTables(
  out: Uint8Array,
  view: DataView,
  tables: DynamicTables,
  at: { dynsym: number; dynstr: number; rel: number },
): void {
  tables.symbols.forEach((symbol, index) => {
    const base = at.dynsym + index * SYM_SIZE;
    view.setUint32(base, symbol.name, true);
    view.setUint8(base + 4, symbol.info);
    view.setUint16(base + 6, symbol.shndx, true);
    u64(view, base + 8, symbol.value);
    u64(view, base + 16, symbol.size);
  });
  out.set(tables.strings, at.dynstr);
  tables.relocations.forEach((relocation, index) => {
    u64(view, at.rel + index * REL_SIZE, relocation.at);
    u64(view, at.rel + index * REL_SIZE + 8, relocation.info);
  });
}

function writeSectionHeader(view: DataView, at: number, section: SectionHeader, name: number) {
  view.setUint32(at, name, true);
  view.setUint32(at + 4, section.type, true);
  u64(view, at + 8, section.flags);
  u64(view, at + 16, section.addr);
  u64(view, at + 24, section.offset);
  u64(view, at + 32, section.size);
  view.setUint32(at + 40, section.link ?? 0, true);
  view.setUint32(at + 44, section.info ?? 0, true);
  u64(view, at + 48, section.align);
  u64(view, at + 56, section.entsize ?? 0);
}
