import { readElf } from "./elf/read.js";
import { SbfBadObjectError } from "./errors.js";
import { verifyText } from "./verify-opcodes.js";
import type { VerifyOptions } from "./verify-opcodes.js";

export interface ProgramCheck {
  instructions: number;
  textBytes: number;
}

/** Checks the .text of a linked program (.so bytes) against the SBPFv0 instruction set. */
export function verifyProgram(
  elf: Uint8Array,
  name = "program",
  options: Omit<VerifyOptions, "locate"> = {},
): ProgramCheck {
  const file = readElf(elf, name);
  const texts = file.sections.filter((section) => section.name === ".text");
  if (texts.length !== 1) {
    throw new SbfBadObjectError(name, `has ${texts.length} .text sections, the loader wants 1`);
  }
  const text = texts[0]!;
  const { instructions } = verifyText(text.data, options);
  return { instructions, textBytes: text.size };
}
