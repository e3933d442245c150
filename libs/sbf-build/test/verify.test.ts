import { describe, expect, it } from "vitest";
import {
  SbfBadInstructionError,
  SbfBadOpcodeError,
  verifyProgram,
  verifyText,
} from "../src/index.js";
import { buildFixture } from "./helpers/svm.js";

/** One 8-byte instruction: opcode, dst, src, offset, immediate. */
function insn(opcode: number, dst = 0, src = 0, off = 0, imm = 0): number[] {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  bytes[0] = opcode;
  bytes[1] = (src << 4) | dst;
  view.setInt16(2, off, true);
  view.setInt32(4, imm, true);
  return [...bytes];
}

const EXIT = insn(0x95);
const program = (...instructions: number[][]): Uint8Array => new Uint8Array(instructions.flat());

function refusal(text: Uint8Array): SbfBadOpcodeError | SbfBadInstructionError {
  try {
    verifyText(text);
  } catch (error) {
    if (error instanceof SbfBadOpcodeError || error instanceof SbfBadInstructionError) {
      return error;
    }
    throw error;
  }
  throw new Error("verifier accepted the program");
}

describe("sbf-build - SBPFv0 verifier", () => {
  it("accepts every instruction of a linked program", async () => {
    const { so, result } = await buildFixture(["calls/main.c", "calls/names.c"]);
    const check = verifyProgram(so);
    expect(check.textBytes).toBe(result.textBytes);
    expect(check.instructions).toBe(result.textBytes / 8);
  });

  it("accepts mov, lddw, a forward jump, a call and exit", () => {
    const text = program(
      insn(0xb7, 0, 0, 0, 1), // mov r0, 1
      insn(0x18, 1, 0, 0, 7), // lddw r1, 7
      insn(0x00),
      insn(0x15, 0, 0, 1, 0), // jeq r0, 0, +1
      insn(0x85, 0, 1, 0, 0), // call +0 (next instruction)
      EXIT,
    );
    expect(verifyText(text).instructions).toBe(6);
  });

  it.each([
    ["jmp32 (cpu v3)", insn(0x16, 1, 0, 0, 0), 0x16, "32-bit jump"],
    ["callx", insn(0x8d, 0, 0, 0, 1), 0x8d, "indirect call"],
    ["atomic add", insn(0xdb, 1, 2), 0xdb, "atomic"],
    ["sign-extending load (cpu v4)", insn(0x91, 1, 2), 0x91, "sign-extending"],
    ["signed division (cpu v4)", insn(0x3f, 1, 2, 1), 0x3f, "ALU offset 1"],
    ["movsx (cpu v4)", insn(0xbf, 1, 2, 8), 0xbf, "ALU offset 8"],
    ["byte swap (cpu v4)", insn(0xd7, 1, 0, 0, 16), 0xd7, "byte swap"],
  ])("refuses %s with SBF_BAD_OPCODE", (_name, bad, opcode, reason) => {
    const error = refusal(program(insn(0xb7), bad, EXIT));
    expect(error).toBeInstanceOf(SbfBadOpcodeError);
    expect(error.code).toBe("SBF_BAD_OPCODE");
    expect(error.opcode).toBe(opcode);
    expect(error.offset).toBe(8);
    expect(error.message).toContain(reason);
  });

  it("refuses add32 unless sign-extending alu32 is explicitly allowed", () => {
    const text = program(insn(0x04, 0, 0, 0, 1), EXIT); // add32 r0, 1
    const error = refusal(text);
    expect(error).toBeInstanceOf(SbfBadOpcodeError);
    expect(error.message).toContain("sign-extends");
    expect(verifyText(text, { allowSignExtendingAlu32: true }).instructions).toBe(2);
  });

  it.each([
    ["a write to r10", program(insn(0xb7, 10, 0, 0, 1), EXIT), 0, "r10"],
    ["a jump past the end", program(insn(0x05, 0, 0, 5), EXIT), 0, "outside"],
    ["a jump into an lddw", program(insn(0x05, 0, 0, 1), insn(0x18), insn(0), EXIT), 0, "lddw"],
    ["an lddw at the end", program(EXIT, insn(0x18)), 8, "last"],
    ["a shift by 64", program(insn(0x67, 1, 0, 0, 64), EXIT), 0, "shift"],
    ["a division by constant 0", program(insn(0x37, 1, 0, 0, 0), EXIT), 0, "zero"],
    ["a call outside the program", program(insn(0x85, 0, 1, 0, 9), EXIT), 0, "outside"],
    ["a byte swap of width 8", program(insn(0xdc, 1, 0, 0, 8), EXIT), 0, "width"],
  ])("refuses %s with SBF_BAD_INSTRUCTION", (_name, text, offset, reason) => {
    const error = refusal(text);
    expect(error).toBeInstanceOf(SbfBadInstructionError);
    expect(error.code).toBe("SBF_BAD_INSTRUCTION");
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(reason);
  });

  it("refuses a .so whose text was patched to a jmp32, naming its offset", async () => {
    const { so } = await buildFixture(["log.c"]);
    const patched = so.slice();
    const textOffset = new DataView(so.buffer, so.byteOffset).getUint32(24, true); // e_entry
    patched[textOffset] = 0x16;
    expect(() => verifyProgram(patched)).toThrow(SbfBadOpcodeError);
  });
});
