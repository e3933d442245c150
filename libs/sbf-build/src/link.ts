import { ET_REL } from "./elf/constants.js";
import { readElf } from "./elf/read.js";
import { planImage, writeSharedObject } from "./elf/write.js";
import { SbfBadObjectError, SbfMissingEntrypointError } from "./errors.js";
import { applyRelocations } from "./relocate.js";
import { mergeSections } from "./sections.js";
import { collectGlobals, describeTextOffset, functionSymbols, resolveSymbol } from "./symbols.js";
import { SOLANA_SYSCALLS } from "./syscalls.js";
import { verifyText } from "./verify-opcodes.js";

/** One relocatable object: `name` appears in error messages. */
export interface LinkInput {
  name: string;
  bytes: Uint8Array;
}

export interface LinkOptions {
  /** Symbol the loader starts at; defaults to `entrypoint`. */
  entrypoint?: string;
  /** Syscall names to accept beyond SOLANA_SYSCALLS, for a runtime with more features. */
  extraSyscalls?: readonly string[];
  /** Keep a .symtab naming every function, for disassemblers and debug labels. */
  symbols?: boolean;
}

export interface LinkedProgram {
  /** The loadable shared object. */
  elf: Uint8Array;
  textBytes: number;
  rodataBytes: number;
  instructions: number;
  /** Syscalls the program calls, sorted. */
  syscalls: string[];
}

/** Links EM_BPF relocatable objects into the ET_DYN image the SBPFv0 loader accepts. */
export function link(inputs: readonly LinkInput[], options: LinkOptions = {}): LinkedProgram {
  const entryName = options.entrypoint ?? "entrypoint";
  if (inputs.length === 0) throw new SbfMissingEntrypointError(entryName);
  const objects = inputs.map((input) => {
    const object = readElf(input.bytes, input.name);
    if (object.type !== ET_REL) {
      throw new SbfBadObjectError(input.name, `e_type ${object.type} is not ET_REL`);
    }
    return object;
  });

  const merged = mergeSections(objects);
  const globals = collectGlobals(objects);

  const entryDefinition = globals.get(entryName);
  if (!entryDefinition) throw new SbfMissingEntrypointError(entryName);
  const entry = resolveSymbol(
    objects,
    merged,
    globals,
    entryDefinition.object,
    entryDefinition.symbol.index,
  );
  if (entry.kind !== "defined" || entry.output !== "text") {
    throw new SbfMissingEntrypointError(entryName);
  }

  const plan = planImage(merged.text.length, merged.rodata.length, merged.rodataAlign);
  const syscalls = new Set([...SOLANA_SYSCALLS, ...(options.extraSyscalls ?? [])]);
  const functions = functionSymbols(objects, merged, globals);
  const image = applyRelocations(objects, merged, globals, plan, syscalls, functions);
  const { instructions } = verifyText(image.text, {
    locate: (offset) => describeTextOffset(functions, offset),
  });

  const elf = writeSharedObject({
    plan,
    text: image.text,
    rodata: image.rodata,
    rodataAlign: merged.rodataAlign,
    entry: { address: plan.text + entry.offset, size: entryDefinition.symbol.size },
    relative: image.relative,
    syscallCalls: image.syscallCalls,
    symbols: options.symbols
      ? functions.map((fn) => ({
          name: fn.name,
          address: plan.text + fn.offset,
          size: fn.size,
          global: fn.exported,
        }))
      : [],
  });

  return {
    elf,
    textBytes: image.text.length,
    rodataBytes: image.rodata.length,
    instructions,
    syscalls: [...new Set(image.syscallCalls.map((call) => call.name))].sort(),
  };
}
