import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_TLS,
  SHF_WRITE,
  SHN_COMMON,
  SHT_NOBITS,
  STT_SECTION,
} from "./elf/constants.js";
import type { ElfFile, ElfSection } from "./elf/read.js";
import { SbfBadObjectError, SbfWritableSectionError } from "./errors.js";

export type OutputSection = "text" | "rodata";

/** Where one input section landed inside the merged output section. */
export interface Placement {
  output: OutputSection;
  offset: number;
}

export interface MergedSections {
  /** Concatenated code of every object, not yet relocated. */
  text: Uint8Array;
  /** Concatenated read-only data of every object, not yet relocated. */
  rodata: Uint8Array;
  /** Largest alignment any read-only input asked for. */
  rodataAlign: number;
  /** placements[object][section] for every section that is part of the image. */
  placements: Array<Array<Placement | undefined>>;
}

const INSTRUCTION = 8;

/** Decides where an allocated input section goes; refuses anything writable. */
export function classifySection(object: ElfFile, section: ElfSection): OutputSection | undefined {
  if ((section.flags & SHF_ALLOC) === 0) return undefined;
  const writable =
    (section.flags & SHF_TLS) !== 0 ||
    ((section.flags & SHF_WRITE) !== 0 && !section.name.startsWith(".data.rel.ro"));
  if (writable) {
    if (section.size === 0) return undefined;
    throw new SbfWritableSectionError(object.name, section.name, symbolsIn(object, section));
  }
  if ((section.flags & SHF_EXECINSTR) !== 0) {
    if (section.size % INSTRUCTION !== 0) {
      throw new SbfBadObjectError(object.name, `${section.name} is not a whole number of insns`);
    }
    return "text";
  }
  // Relocated pointer tables (.data.rel.ro) are const in C: their pointers are resolved
  // here at link time, so they can live in read-only memory with the rest.
  return "rodata";
}

/** Merges the code and read-only data of all objects, in input order (deterministic). */
export function mergeSections(objects: readonly ElfFile[]): MergedSections {
  refuseCommonSymbols(objects);

  const textParts: Array<{ offset: number; data: Uint8Array }> = [];
  const rodataParts: Array<{ offset: number; data: Uint8Array }> = [];
  let textSize = 0;
  let rodataSize = 0;
  let rodataAlign = 1;

  const placements = objects.map((object) =>
    object.sections.map((section): Placement | undefined => {
      const output = classifySection(object, section);
      if (!output) return undefined;
      const data = section.type === SHT_NOBITS ? new Uint8Array(section.size) : section.data;
      if (output === "text") {
        textSize = alignUp(textSize, Math.max(INSTRUCTION, section.addralign));
        textParts.push({ offset: textSize, data });
        const placement = { output, offset: textSize };
        textSize += data.length;
        return placement;
      }
      const align = Math.max(1, section.addralign);
      rodataAlign = Math.max(rodataAlign, align);
      rodataSize = alignUp(rodataSize, align);
      rodataParts.push({ offset: rodataSize, data });
      const placement = { output, offset: rodataSize };
      rodataSize += data.length;
      return placement;
    }),
  );

  return {
    text: assemble(textSize, textParts),
    rodata: assemble(rodataSize, rodataParts),
    rodataAlign,
    placements,
  };
}

export function alignUp(value: number, align: number): number {
  return align <= 1 ? value : Math.ceil(value / align) * align;
}

function assemble(size: number, parts: Array<{ offset: number; data: Uint8Array }>): Uint8Array {
  const out = new Uint8Array(size);
  for (const part of parts) out.set(part.data, part.offset);
  return out;
}

function refuseCommonSymbols(objects: readonly ElfFile[]): void {
  for (const object of objects) {
    const common = object.symbols.filter((symbol) => symbol.shndx === SHN_COMMON);
    if (common.length > 0) {
      throw new SbfWritableSectionError(
        object.name,
        "COMMON",
        common.map((symbol) => symbol.name),
      );
    }
  }
}

function symbolsIn(object: ElfFile, section: ElfSection): string[] {
  return object.symbols
    .filter((s) => s.shndx === section.index && s.type !== STT_SECTION && s.name !== "")
    .map((s) => s.name);
}
