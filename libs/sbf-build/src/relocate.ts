import {
  MM_PROGRAM_START,
  R_BPF_64_32,
  R_BPF_64_64,
  R_BPF_64_ABS32,
  R_BPF_64_ABS64,
  R_BPF_64_NODYLD32,
} from "./elf/constants.js";
import type { ElfFile } from "./elf/read.js";
import {
  SbfBadInstructionError,
  SbfFunctionPointerError,
  SbfUndefinedSymbolError,
  SbfUnknownSyscallError,
  SbfUnsupportedRelocationError,
} from "./errors.js";
import type { MergedSections } from "./sections.js";
import type { FunctionSymbol, GlobalDefinition, Resolution } from "./symbols.js";
import { resolveSymbol } from "./symbols.js";
import { INACTIVE_SYSCALLS, looksLikeSyscall } from "./syscalls.js";

/** Virtual addresses (equal to file offsets) chosen for the merged sections. */
export interface ImageAddresses {
  text: number;
  rodata: number;
}

export interface RelocatedImage {
  text: Uint8Array;
  rodata: Uint8Array;
  /** Addresses of lddw instructions whose immediate the loader must rebase. */
  relative: number[];
  /** Addresses of `call -1` instructions the loader binds to a syscall by name. */
  syscallCalls: Array<{ at: number; name: string }>;
}

const OPC_LDDW = 0x18;
const OPC_CALL = 0x85;

/** Resolves every relocation of every placed section against the final addresses. */
export function applyRelocations(
  objects: readonly ElfFile[],
  merged: MergedSections,
  globals: ReadonlyMap<string, GlobalDefinition>,
  addresses: ImageAddresses,
  syscalls: ReadonlySet<string>,
  functions: readonly FunctionSymbol[],
): RelocatedImage {
  const text = merged.text.slice();
  const rodata = merged.rodata.slice();
  const textView = new DataView(text.buffer);
  const rodataView = new DataView(rodata.buffer);
  const relative: number[] = [];
  const syscallCalls: Array<{ at: number; name: string }> = [];

  const addressOf = (target: Resolution & { kind: "defined" }): number =>
    (target.output === "text" ? addresses.text : addresses.rodata) + target.offset;

  objects.forEach((object, objectIndex) => {
    for (const [sectionIndex, relocations] of object.relocations) {
      const placement = merged.placements[objectIndex]?.[sectionIndex];
      if (!placement) continue; // debug info, BTF, address-significance tables
      const section = object.sections[sectionIndex]!;

      for (const relocation of relocations) {
        const unsupported = (reason: string): never => {
          throw new SbfUnsupportedRelocationError(
            object.name,
            section.name,
            relocation.offset,
            relocation.type,
            reason,
          );
        };
        if (relocation.offset >= section.size) unsupported("offset outside its section");
        const target = resolveSymbol(objects, merged, globals, objectIndex, relocation.symbol);
        const at = placement.offset + relocation.offset;

        if (placement.output === "text") {
          const opcode = text[at];
          if (relocation.type === R_BPF_64_64) {
            if (opcode !== OPC_LDDW || at + 16 > text.length) unsupported("not on an lddw");
            const addend = relocation.addend ?? readLddwImmediate(textView, at);
            const value = dataAddress(object, section.name, target, addend, addressOf, functions);
            writeLddwImmediate(textView, at, BigInt(value) + addend);
            if (target.kind === "defined") relative.push(addresses.text + at);
          } else if (relocation.type === R_BPF_64_32) {
            if (opcode !== OPC_CALL) unsupported("not on a call");
            if (target.kind === "defined") {
              if (target.output !== "text") unsupported(`call into data symbol ${target.name}`);
              // The implicit addend is in instruction units, biased by -1 (`call -1` = +0).
              const implicit = BigInt(textView.getInt32(at + 4, true) + 1) * 8n;
              const destination = target.offset + Number(relocation.addend ?? implicit);
              const imm = (destination - at) / 8 - 1;
              // SBPFv0 reads `call -1` as "syscall"; a call to itself cannot be expressed.
              if (imm === -1) unsupported(`call of ${target.name} to its own address`);
              textView.setInt32(at + 4, imm, true);
            } else if (target.kind === "undefined") {
              checkSyscall(object.name, target.name, syscalls);
              textView.setInt32(at + 4, -1, true);
              syscallCalls.push({ at: addresses.text + at, name: target.name });
            } else {
              unsupported(`call to absolute symbol ${target.name}`);
            }
          } else {
            unsupported("not supported in code");
          }
        } else if (relocation.type === R_BPF_64_ABS64) {
          if (at + 8 > rodata.length) unsupported("runs past the end of the data");
          const addend = relocation.addend ?? rodataView.getBigUint64(at, true);
          const value = dataAddress(object, section.name, target, addend, addressOf, functions);
          const rebase = target.kind === "defined" ? MM_PROGRAM_START : 0n;
          rodataView.setBigUint64(at, BigInt.asUintN(64, rebase + BigInt(value) + addend), true);
        } else if (relocation.type === R_BPF_64_ABS32 || relocation.type === R_BPF_64_NODYLD32) {
          unsupported("a 32-bit field cannot hold a program address");
        } else {
          unsupported("not supported in read-only data");
        }
      }
    }
  });

  relative.sort((a, b) => a - b);
  syscallCalls.sort((a, b) => a.at - b.at);
  refuseUnboundCalls(text, addresses.text, syscallCalls);
  return { text, rodata, relative, syscallCalls };
}

/** Every `call -1` must be a syscall the loader binds; any other would fail at run time. */
function refuseUnboundCalls(
  text: Uint8Array,
  textAddress: number,
  syscallCalls: ReadonlyArray<{ at: number }>,
): void {
  const bound = new Set(syscallCalls.map((call) => call.at - textAddress));
  const view = new DataView(text.buffer, text.byteOffset, text.byteLength);
  for (let at = 0; at + 8 <= text.length; at += 8) {
    if (text[at] === OPC_CALL && view.getInt32(at + 4, true) === -1 && !bound.has(at)) {
      throw new SbfBadInstructionError(at, OPC_CALL, "call -1 that no syscall relocation binds");
    }
  }
}

function dataAddress(
  object: ElfFile,
  section: string,
  target: Resolution,
  addend: bigint,
  addressOf: (target: Resolution & { kind: "defined" }) => number,
  functions: readonly FunctionSymbol[],
): number {
  if (target.kind === "undefined") {
    throw new SbfUndefinedSymbolError(object.name, target.name, "data defined in no object");
  }
  if (target.kind === "absolute") return target.value;
  if (target.output === "text") {
    // Static functions are referenced through the section symbol plus an addend.
    const at = target.offset + Number(addend);
    const named = functions.find((fn) => fn.offset === at)?.name ?? target.name;
    throw new SbfFunctionPointerError(object.name, named, section);
  }
  return addressOf(target);
}

function checkSyscall(object: string, name: string, syscalls: ReadonlySet<string>): void {
  if (syscalls.has(name)) return;
  if (INACTIVE_SYSCALLS.has(name)) {
    const reason = "known to agave but refused at deployment by the target runtime";
    throw new SbfUnknownSyscallError(object, name, reason);
  }
  if (looksLikeSyscall(name)) throw new SbfUnknownSyscallError(object, name);
  const hint = ["memcpy", "memmove", "memset", "memcmp"].includes(name)
    ? `define it in C or call sol_${name}_ (clang emits it for struct copies and large inits)`
    : "define it in one of the sources";
  throw new SbfUndefinedSymbolError(object, name, hint);
}

function readLddwImmediate(view: DataView, at: number): bigint {
  const low = BigInt(view.getUint32(at + 4, true));
  const high = BigInt(view.getUint32(at + 12, true));
  return (high << 32n) | low;
}

function writeLddwImmediate(view: DataView, at: number, value: bigint): void {
  const unsigned = BigInt.asUintN(64, value);
  view.setUint32(at + 4, Number(unsigned & 0xffffffffn), true);
  view.setUint32(at + 12, Number(unsigned >> 32n), true);
}
