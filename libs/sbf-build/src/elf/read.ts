import { SbfBadObjectError } from "../errors.js";
import {
  EHDR_SIZE,
  ELFCLASS64,
  ELFDATA2LSB,
  EM_BPF,
  REL_SIZE,
  RELA_SIZE,
  SHDR_SIZE,
  SHT_NOBITS,
  SHT_REL,
  SHT_RELA,
  SHT_STRTAB,
  SHT_SYMTAB,
  SYM_SIZE,
} from "./constants.js";

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
  /** File bytes of the section (empty for SHT_NOBITS). A view into the input. */
  data: Uint8Array;
}

export interface ElfSymbol {
  index: number;
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  shndx: number;
}

export interface ElfRelocation {
  offset: number;
  type: number;
  symbol: number;
  /** Explicit addend of a RELA entry; undefined for REL (the addend sits in the bytes). */
  addend: bigint | undefined;
}

export interface ElfFile {
  name: string;
  type: number;
  machine: number;
  flags: number;
  entry: number;
  sections: ElfSection[];
  symbols: ElfSymbol[];
  /** Relocations keyed by the index of the section they patch. */
  relocations: Map<number, ElfRelocation[]>;
}

/** Parses an ELF64 little-endian EM_BPF file; throws SbfBadObjectError on anything else. */
export function readElf(bytes: Uint8Array, name: string): ElfFile {
  const fail = (reason: string): never => {
    throw new SbfBadObjectError(name, reason);
  };
  if (bytes.length < EHDR_SIZE) fail("shorter than an ELF header");
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    fail("not an ELF file");
  }
  if (bytes[4] !== ELFCLASS64) fail("not ELF64");
  if (bytes[5] !== ELFDATA2LSB) fail("not little-endian");

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (at: number): number => {
    const value = view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) fail(`64-bit field at 0x${at.toString(16)}`);
    return Number(value);
  };
  const machine = view.getUint16(18, true);
  if (machine !== EM_BPF) fail(`e_machine ${machine} is not EM_BPF (${EM_BPF})`);

  const shoff = u64(40);
  const shentsize = view.getUint16(58, true);
  const shnum = view.getUint16(60, true);
  const shstrndx = view.getUint16(62, true);
  if (shnum > 0 && shentsize !== SHDR_SIZE) fail(`e_shentsize ${shentsize}`);
  if (shoff + shnum * SHDR_SIZE > bytes.length) fail("section headers past end of file");

  const sections: ElfSection[] = [];
  for (let index = 0; index < shnum; index++) {
    const at = shoff + index * SHDR_SIZE;
    const type = view.getUint32(at + 4, true);
    const offset = u64(at + 24);
    const size = u64(at + 32);
    if (type !== SHT_NOBITS && offset + size > bytes.length) {
      fail(`section ${index} extends past end of file`);
    }
    sections.push({
      index,
      name: "",
      type,
      flags: u64(at + 8),
      addr: u64(at + 16),
      offset,
      size,
      link: view.getUint32(at + 40, true),
      info: view.getUint32(at + 44, true),
      addralign: u64(at + 48),
      entsize: u64(at + 56),
      data: type === SHT_NOBITS ? new Uint8Array(0) : bytes.subarray(offset, offset + size),
    });
  }

  const shstr = sections[shstrndx];
  for (let index = 0; index < shnum; index++) {
    const nameOffset = view.getUint32(shoff + index * SHDR_SIZE, true);
    sections[index]!.name = shstr ? cString(shstr.data, nameOffset, name, fail) : "";
  }

  const symbols: ElfSymbol[] = [];
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (symtab) {
    const strtab = sections[symtab.link];
    if (!strtab || strtab.type !== SHT_STRTAB) fail(".symtab has no string table");
    const symView = sectionView(symtab);
    for (let index = 0; index * SYM_SIZE < symtab.size; index++) {
      const at = index * SYM_SIZE;
      const info = symView.getUint8(at + 4);
      symbols.push({
        index,
        name: cString(strtab!.data, symView.getUint32(at, true), name, fail),
        bind: info >> 4,
        type: info & 0xf,
        shndx: symView.getUint16(at + 6, true),
        value: Number(symView.getBigUint64(at + 8, true)),
        size: Number(symView.getBigUint64(at + 16, true)),
      });
    }
  }

  const relocations = new Map<number, ElfRelocation[]>();
  for (const section of sections) {
    if (section.type !== SHT_REL && section.type !== SHT_RELA) continue;
    const rela = section.type === SHT_RELA;
    const entry = rela ? RELA_SIZE : REL_SIZE;
    const relView = sectionView(section);
    const list: ElfRelocation[] = [];
    for (let at = 0; at + entry <= section.size; at += entry) {
      const info = relView.getBigUint64(at + 8, true);
      list.push({
        offset: Number(relView.getBigUint64(at, true)),
        type: Number(info & 0xffffffffn),
        symbol: Number(info >> 32n),
        addend: rela ? relView.getBigInt64(at + 16, true) : undefined,
      });
    }
    relocations.set(section.info, [...(relocations.get(section.info) ?? []), ...list]);
  }

  return {
    name,
    type: view.getUint16(16, true),
    machine,
    flags: view.getUint32(48, true),
    entry: u64(24),
    sections,
    symbols,
    relocations,
  };
}

function sectionView(section: ElfSection): DataView {
  return new DataView(section.data.buffer, section.data.byteOffset, section.data.byteLength);
}

function cString(
  table: Uint8Array,
  offset: number,
  object: string,
  fail: (reason: string) => never,
): string {
  if (offset >= table.length) {
    if (offset === 0) return "";
    fail(`string offset ${offset} outside its table`);
  }
  const end = table.indexOf(0, offset);
  if (end < 0) fail(`unterminated string at ${offset} in ${object}`);
  return new TextDecoder().decode(table.subarray(offset, end));
}
