import { alignUp } from "../sections.js";
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
  R_BPF_64_32,
  R_BPF_64_RELATIVE,
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
  STB_GLOBAL,
  STT_FUNC,
  STT_NOTYPE,
  SYM_SIZE,
} from "./constants.js";

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
}

const PAGE = 0x1000;

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
  const syscalls = [...new Set(contents.syscallCalls.map((call) => call.name))].sort();

  const dynstr = new StringTable();
  const symbolIndex = new Map<string, number>();
  const dynsym: Array<{ name: number; info: number; shndx: number; value: number; size: number }> =
    [{ name: 0, info: 0, shndx: 0, value: 0, size: 0 }];
  for (const name of syscalls) {
    symbolIndex.set(name, dynsym.length);
    dynsym.push({
      name: dynstr.add(name),
      info: (STB_GLOBAL << 4) | STT_NOTYPE,
      shndx: 0,
      value: 0,
      size: 0,
    });
  }
  dynsym.push({
    name: dynstr.add("entrypoint"),
    info: (STB_GLOBAL << 4) | STT_FUNC,
    shndx: 1,
    value: contents.entry.address,
    size: contents.entry.size,
  });

  // Relative relocations first: DT_RELCOUNT counts them from the start of the table.
  const relocations = [
    ...contents.relative.map((at) => ({ at, info: BigInt(R_BPF_64_RELATIVE) })),
    ...contents.syscallCalls.map((call) => ({
      at: call.at,
      info: (BigInt(symbolIndex.get(call.name)!) << 32n) | BigInt(R_BPF_64_32),
    })),
  ];

  const hasRodata = rodata.length > 0;
  const dynamicAddr = alignUp(hasRodata ? plan.rodata + rodata.length : plan.text + text.length, 8);
  const dynamicCount = relocations.length > 0 ? 10 : 6;
  const dynsymAddr = alignUp(dynamicAddr + dynamicCount * DYN_SIZE, 8);
  const dynstrAddr = dynsymAddr + dynsym.length * SYM_SIZE;
  const dynstrBytes = dynstr.bytes();
  const relAddr = alignUp(dynstrAddr + dynstrBytes.length, 8);
  const relSize = relocations.length * REL_SIZE;

  const shstr = new StringTable();
  interface Header {
    name: number;
    type: number;
    flags: number;
    addr: number;
    offset: number;
    size: number;
    link: number;
    info: number;
    align: number;
    entsize: number;
  }
  const headers: Header[] = [
    {
      name: 0,
      type: 0,
      flags: 0,
      addr: 0,
      offset: 0,
      size: 0,
      link: 0,
      info: 0,
      align: 0,
      entsize: 0,
    },
  ];
  const section = (name: string, fields: Omit<Header, "name">): number => {
    headers.push({ name: shstr.add(name), ...fields });
    return headers.length - 1;
  };
  const common = { link: 0, info: 0, entsize: 0 };
  section(".text", {
    ...common,
    type: SHT_PROGBITS,
    flags: SHF_ALLOC | SHF_EXECINSTR,
    addr: plan.text,
    offset: plan.text,
    size: text.length,
    align: 8,
  });
  if (hasRodata) {
    section(".rodata", {
      ...common,
      type: SHT_PROGBITS,
      flags: SHF_ALLOC,
      addr: plan.rodata,
      offset: plan.rodata,
      size: rodata.length,
      align: Math.max(1, contents.rodataAlign),
    });
  }
  const dynstrIndex = headers.length + 2;
  section(".dynamic", {
    type: SHT_DYNAMIC,
    flags: SHF_ALLOC | SHF_WRITE,
    addr: dynamicAddr,
    offset: dynamicAddr,
    size: dynamicCount * DYN_SIZE,
    link: dynstrIndex,
    info: 0,
    align: 8,
    entsize: DYN_SIZE,
  });
  const dynsymIndex = section(".dynsym", {
    type: SHT_DYNSYM,
    flags: SHF_ALLOC,
    addr: dynsymAddr,
    offset: dynsymAddr,
    size: dynsym.length * SYM_SIZE,
    link: dynstrIndex,
    info: 1,
    align: 8,
    entsize: SYM_SIZE,
  });
  section(".dynstr", {
    ...common,
    type: SHT_STRTAB,
    flags: SHF_ALLOC,
    addr: dynstrAddr,
    offset: dynstrAddr,
    size: dynstrBytes.length,
    align: 1,
  });
  section(".rel.dyn", {
    type: SHT_REL,
    flags: SHF_ALLOC,
    addr: relAddr,
    offset: relAddr,
    size: relSize,
    link: dynsymIndex,
    info: 0,
    align: 8,
    entsize: REL_SIZE,
  });
  const shstrtabIndex = headers.length;
  const shstrtabOffset = relAddr + relSize;
  shstr.add(".shstrtab");
  const shstrBytes = shstr.bytes();
  section(".shstrtab", {
    ...common,
    type: SHT_STRTAB,
    flags: 0,
    addr: 0,
    offset: shstrtabOffset,
    size: shstrBytes.length,
    align: 1,
  });
  const shoff = alignUp(shstrtabOffset + shstrBytes.length, 8);
  const fileSize = shoff + headers.length * SHDR_SIZE;

  const out = new Uint8Array(fileSize);
  const view = new DataView(out.buffer);
  const u64 = (at: number, value: number | bigint): void =>
    view.setBigUint64(at, BigInt(value), true);

  // ELF header
  out.set([0x7f, 0x45, 0x4c, 0x46, ELFCLASS64, ELFDATA2LSB, EV_CURRENT], 0);
  view.setUint16(16, ET_DYN, true);
  view.setUint16(18, EM_BPF, true);
  view.setUint32(20, EV_CURRENT, true);
  u64(24, contents.entry.address);
  u64(32, EHDR_SIZE);
  u64(40, shoff);
  view.setUint32(48, 0, true); // e_flags 0 selects SBPFv0
  view.setUint16(52, EHDR_SIZE, true);
  view.setUint16(54, PHDR_SIZE, true);
  view.setUint16(56, plan.programHeaders, true);
  view.setUint16(58, SHDR_SIZE, true);
  view.setUint16(60, headers.length, true);
  view.setUint16(62, shstrtabIndex, true);

  // Program headers, in ascending address order as the loader requires
  const segments: Array<[number, number, number, number, number]> = [
    [PT_LOAD, PF_R | PF_X, plan.text, text.length, PAGE],
  ];
  if (hasRodata) segments.push([PT_LOAD, PF_R, plan.rodata, rodata.length, PAGE]);
  segments.push([PT_LOAD, PF_R | PF_W, dynamicAddr, dynamicCount * DYN_SIZE, PAGE]);
  segments.push([PT_LOAD, PF_R, dynsymAddr, relAddr + relSize - dynsymAddr, PAGE]);
  segments.push([PT_DYNAMIC, PF_R | PF_W, dynamicAddr, dynamicCount * DYN_SIZE, 8]);
  segments.forEach(([type, flags, addr, size, align], index) => {
    const at = EHDR_SIZE + index * PHDR_SIZE;
    view.setUint32(at, type, true);
    view.setUint32(at + 4, flags, true);
    u64(at + 8, addr);
    u64(at + 16, addr);
    u64(at + 24, addr);
    u64(at + 32, size);
    u64(at + 40, size);
    u64(at + 48, align);
  });

  out.set(text, plan.text);
  out.set(rodata, plan.rodata);

  const dynamic: Array<[number, number]> = [[DT_FLAGS, DF_TEXTREL]];
  if (relocations.length > 0) {
    dynamic.push([DT_REL, relAddr], [DT_RELSZ, relSize], [DT_RELENT, REL_SIZE]);
    dynamic.push([DT_RELCOUNT, contents.relative.length]);
  }
  dynamic.push([DT_SYMTAB, dynsymAddr], [DT_SYMENT, SYM_SIZE]);
  dynamic.push([DT_STRTAB, dynstrAddr], [DT_STRSZ, dynstrBytes.length], [DT_NULL, 0]);
  dynamic.forEach(([tag, value], index) => {
    u64(dynamicAddr + index * DYN_SIZE, tag);
    u64(dynamicAddr + index * DYN_SIZE + 8, value);
  });

  dynsym.forEach((symbol, index) => {
    const at = dynsymAddr + index * SYM_SIZE;
    view.setUint32(at, symbol.name, true);
    view.setUint8(at + 4, symbol.info);
    view.setUint16(at + 6, symbol.shndx, true);
    u64(at + 8, symbol.value);
    u64(at + 16, symbol.size);
  });
  out.set(dynstrBytes, dynstrAddr);

  relocations.forEach((relocation, index) => {
    u64(relAddr + index * REL_SIZE, relocation.at);
    u64(relAddr + index * REL_SIZE + 8, relocation.info);
  });
  out.set(shstrBytes, shstrtabOffset);

  headers.forEach((header, index) => {
    const at = shoff + index * SHDR_SIZE;
    view.setUint32(at, header.name, true);
    view.setUint32(at + 4, header.type, true);
    u64(at + 8, header.flags);
    u64(at + 16, header.addr);
    u64(at + 24, header.offset);
    u64(at + 32, header.size);
    view.setUint32(at + 40, header.link, true);
    view.setUint32(at + 44, header.info, true);
    u64(at + 48, header.align);
    u64(at + 56, header.entsize);
  });
  return out;
}

/** A string table whose first byte is the empty string, in insertion order. */
class StringTable {
  private readonly parts: string[] = [];
  private readonly offsets = new Map<string, number>();
  private size = 1;

  add(value: string): number {
    const known = this.offsets.get(value);
    if (known !== undefined) return known;
    const offset = this.size;
    this.parts.push(value);
    this.offsets.set(value, offset);
    this.size += Buffer.byteLength(value) + 1;
    return offset;
  }

  bytes(): Uint8Array {
    return new Uint8Array(Buffer.from(`\0${this.parts.map((p) => `${p}\0`).join("")}`));
  }
}
