// ELF64 numbers used by the reader and the writer (System V gABI, BPF psABI).

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;
export const REL_SIZE = 16;
export const RELA_SIZE = 24;
export const DYN_SIZE = 16;

export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ET_REL = 1;
export const ET_DYN = 3;
export const EM_BPF = 247;

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_DYNAMIC = 6;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_TLS = 0x400;

export const SHN_UNDEF = 0;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const DT_NULL = 0;
export const DT_STRTAB = 5;
export const DT_SYMTAB = 6;
export const DT_STRSZ = 10;
export const DT_SYMENT = 11;
export const DT_REL = 17;
export const DT_RELSZ = 18;
export const DT_RELENT = 19;
export const DT_FLAGS = 30;
export const DT_RELCOUNT = 0x6ffffffa;
export const DF_TEXTREL = 0x4;

/** lddw immediate: a 64-bit data address split over the two instruction slots. */
export const R_BPF_64_64 = 1;
/** 64-bit absolute address in data. */
export const R_BPF_64_ABS64 = 2;
/** 32-bit absolute value in data (debug info). */
export const R_BPF_64_ABS32 = 3;
/** 32-bit value in debug sections that the loader never sees. */
export const R_BPF_64_NODYLD32 = 4;
/** Dynamic: the loader adds the program region base to the address in place. */
export const R_BPF_64_RELATIVE = 8;
/** `call imm`: a function or, against an undefined symbol, a syscall. */
export const R_BPF_64_32 = 10;

/** Where the loader maps the program image (the read-only region of the VM). */
export const MM_PROGRAM_START = 0x1_0000_0000n;
