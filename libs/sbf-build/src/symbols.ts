import {
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FUNC,
} from "./elf/constants.js";
import type { ElfFile, ElfSymbol } from "./elf/read.js";
import { SbfDuplicateSymbolError } from "./errors.js";
import type { MergedSections, OutputSection } from "./sections.js";

export interface GlobalDefinition {
  object: number;
  symbol: ElfSymbol;
}

/** Where a relocation's symbol points once every object is placed. */
export type Resolution =
  | { kind: "defined"; name: string; output: OutputSection; offset: number }
  | { kind: "absolute"; name: string; value: number }
  | { kind: "undefined"; name: string };

/** Collects every global definition; a strong symbol defined twice is refused. */
export function collectGlobals(objects: readonly ElfFile[]): Map<string, GlobalDefinition> {
  const globals = new Map<string, GlobalDefinition>();
  objects.forEach((object, index) => {
    for (const symbol of object.symbols) {
      if (symbol.bind !== STB_GLOBAL && symbol.bind !== STB_WEAK) continue;
      if (symbol.shndx === SHN_UNDEF || symbol.shndx === SHN_COMMON) continue;
      const previous = globals.get(symbol.name);
      if (!previous || (previous.symbol.bind === STB_WEAK && symbol.bind === STB_GLOBAL)) {
        globals.set(symbol.name, { object: index, symbol });
      } else if (previous.symbol.bind === STB_GLOBAL && symbol.bind === STB_GLOBAL) {
        const first = objects[previous.object]!.name;
        throw new SbfDuplicateSymbolError(symbol.name, [first, object.name]);
      }
    }
  });
  return globals;
}

/** Resolves symbol `index` of object `objectIndex` to an offset in the merged output. */
export function resolveSymbol(
  objects: readonly ElfFile[],
  merged: MergedSections,
  globals: ReadonlyMap<string, GlobalDefinition>,
  objectIndex: number,
  index: number,
): Resolution {
  const local = objects[objectIndex]!.symbols[index];
  if (!local) return { kind: "undefined", name: `#${index}` };

  let owner = objectIndex;
  let symbol = local;
  // A global or weak name always means the winning definition, even when this object has
  // its own (weak) one.
  if (symbol.bind !== STB_LOCAL) {
    const found = globals.get(symbol.name);
    if (!found) return { kind: "undefined", name: symbol.name };
    owner = found.object;
    symbol = found.symbol;
  }
  if (symbol.shndx === SHN_UNDEF) return { kind: "undefined", name: symbol.name };
  if (symbol.shndx === SHN_ABS) return { kind: "absolute", name: symbol.name, value: symbol.value };

  const placement = merged.placements[owner]?.[symbol.shndx];
  if (!placement) {
    const section = objects[owner]!.sections[symbol.shndx]?.name ?? `#${symbol.shndx}`;
    return { kind: "undefined", name: `${symbol.name || section} (in dropped section ${section})` };
  }
  const name = symbol.name || objects[owner]!.sections[symbol.shndx]!.name;
  return {
    kind: "defined",
    name,
    output: placement.output,
    offset: placement.offset + symbol.value,
  };
}

export interface FunctionSymbol {
  name: string;
  object: string;
  /** Offset of the function's first instruction in the merged .text. */
  offset: number;
  size: number;
  /** True for the definition a global name resolves to (not statics, not overridden weaks). */
  exported: boolean;
}

/** Every function of every object, by its place in the merged .text, sorted by offset. */
export function functionSymbols(
  objects: readonly ElfFile[],
  merged: MergedSections,
  globals: ReadonlyMap<string, GlobalDefinition>,
): FunctionSymbol[] {
  const functions: FunctionSymbol[] = [];
  objects.forEach((object, index) => {
    for (const symbol of object.symbols) {
      if (symbol.type !== STT_FUNC || symbol.shndx === SHN_UNDEF) continue;
      const placement = merged.placements[index]?.[symbol.shndx];
      if (placement?.output !== "text") continue;
      functions.push({
        name: symbol.name,
        object: object.name,
        offset: placement.offset + symbol.value,
        size: symbol.size,
        exported: globals.get(symbol.name)?.symbol === symbol,
      });
    }
  });
  return functions.sort((a, b) => a.offset - b.offset);
}

/** The function containing `offset` of the merged .text, as "name (object)". */
export function describeTextOffset(
  functions: readonly FunctionSymbol[],
  offset: number,
): string | undefined {
  let found: FunctionSymbol | undefined;
  for (const fn of functions) {
    if (fn.offset > offset) break;
    found = fn;
  }
  return found ? `${found.name} (${found.object})` : undefined;
}
