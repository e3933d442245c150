import { SbfBadInstructionError, SbfBadOpcodeError } from "./errors.js";

// The SBPFv0 instruction set, as the runtime's verifier accepts it: classic eBPF without
// 32-bit jumps, atomics, sign-extending loads or the signed division of LLVM's cpu v4.

type Check = "none" | "store" | "shift32" | "shift64" | "nonzero" | "endian" | "jump" | "lddw";

const OPCODES = new Map<number, Check>([
  [0x18, "lddw"],
  // loads (ldx) and stores (st imm, stx reg)
  [0x71, "none"],
  [0x69, "none"],
  [0x61, "none"],
  [0x79, "none"],
  [0x72, "store"],
  [0x6a, "store"],
  [0x62, "store"],
  [0x7a, "store"],
  [0x73, "store"],
  [0x6b, "store"],
  [0x63, "store"],
  [0x7b, "store"],
]);

// ALU: the same operation table for 32-bit (class 0x04) and 64-bit (class 0x07) forms.
const ALU_OPS: Array<[number, "none" | "shift" | "nonzero"]> = [
  [0x00, "none"], // add
  [0x10, "none"], // sub
  [0x20, "none"], // mul
  [0x30, "nonzero"], // div
  [0x40, "none"], // or
  [0x50, "none"], // and
  [0x60, "shift"], // lsh
  [0x70, "shift"], // rsh
  [0x90, "nonzero"], // mod
  [0xa0, "none"], // xor
  [0xb0, "none"], // mov
  [0xc0, "shift"], // arsh
];
for (const [cls, bits] of [
  [0x04, 32],
  [0x07, 64],
] as const) {
  for (const [op, kind] of ALU_OPS) {
    const immCheck: Check = kind === "shift" ? (bits === 32 ? "shift32" : "shift64") : kind;
    OPCODES.set(op | cls, immCheck); // immediate operand
    OPCODES.set(op | 0x08 | cls, "none"); // register operand
  }
  OPCODES.set(0x80 | cls, "none"); // neg
}
OPCODES.set(0xd4, "endian"); // le
OPCODES.set(0xdc, "endian"); // be

// 64-bit jumps (class 0x05); the 32-bit jump class 0x06 does not exist in SBPFv0.
OPCODES.set(0x05, "jump"); // ja
for (const op of [0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0]) {
  OPCODES.set(op | 0x05, "jump");
  OPCODES.set(op | 0x0d, "jump");
}
OPCODES.set(0x85, "none"); // call imm
OPCODES.set(0x95, "none"); // exit

// SBPFv0 sign-extends the 32-bit results of add, sub and mul into the 64-bit register;
// upstream LLVM's alu32 code (cpu v3, or +alu32) relies on zero-extension. Valid for the
// runtime, silently wrong for upstream-compiled C, so refused unless asked otherwise.
const SIGN_EXTENDING_ALU32 = new Set([0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c]);

const CALLX = 0x8d;
const FRAME_POINTER = 10;

/** Why an opcode outside the set is there, for the error message. */
function explainUnknown(opcode: number): string {
  if (opcode === CALLX) return "indirect call (callx): function pointers are not supported";
  if ((opcode & 0x07) === 0x06) return "32-bit jump class (from -mcpu=v3); build with -mcpu=v2";
  if ((opcode & 0xe0) === 0xc0 && (opcode & 0x07) === 0x03) return "atomic operation";
  if ((opcode & 0xe0) === 0x80 && (opcode & 0x07) === 0x01) return "sign-extending load (v4)";
  if (opcode === 0xd7) return "byte swap (v4)";
  return "not an SBPFv0 instruction";
}

export interface VerifiedText {
  instructions: number;
}

export interface VerifyOptions {
  /** Accept add32/sub32/mul32 (for code from a compiler that knows SBPFv0 sign-extends). */
  allowSignExtendingAlu32?: boolean;
  /** Names the function holding an offset of .text, for error messages. */
  locate?: (offset: number) => string | undefined;
}

/** Checks every instruction of a .text image against the SBPFv0 verifier's rules; error
 * offsets are relative to the start of .text. */
export function verifyText(text: Uint8Array, options: VerifyOptions = {}): VerifiedText {
  const locate = options.locate ?? (() => undefined);
  if (text.length === 0 || text.length % 8 !== 0) {
    throw new SbfBadInstructionError(0, 0, "text is empty or not a multiple of 8");
  }
  const view = new DataView(text.buffer, text.byteOffset, text.byteLength);
  const count = text.length / 8;
  const at = (pc: number): number => pc * 8;

  for (let pc = 0; pc < count; pc++) {
    const opcode = text[pc * 8]!;
    const regs = text[pc * 8 + 1]!;
    const dst = regs & 0x0f;
    const src = regs >> 4;
    const off = view.getInt16(pc * 8 + 2, true);
    const imm = view.getInt32(pc * 8 + 4, true);
    const bad = (reason: string): never => {
      throw new SbfBadInstructionError(at(pc), opcode, reason, locate(at(pc)));
    };
    const badOpcode = (reason: string): never => {
      throw new SbfBadOpcodeError(at(pc), opcode, reason, locate(at(pc)));
    };

    const check = OPCODES.get(opcode);
    if (check === undefined) badOpcode(explainUnknown(opcode));
    if (SIGN_EXTENDING_ALU32.has(opcode) && !options.allowSignExtendingAlu32) {
      badOpcode(
        "32-bit add/sub/mul (alu32, from -mcpu=v3): SBPFv0 sign-extends the result where " +
          "upstream LLVM expects zero-extension; build with -mcpu=v2",
      );
    }

    // LLVM's v4 reuses the offset field of ALU instructions for signed div/mod and movsx;
    // SBPFv0 ignores it, so those would silently compute something else.
    const cls = opcode & 0x07;
    if ((cls === 0x04 || cls === 0x07) && off !== 0) {
      badOpcode(`ALU offset ${off} (signed op from cpu v4)`);
    }

    switch (check) {
      case "lddw":
        if (pc + 1 >= count) bad("lddw cannot be the last instruction");
        if (text[(pc + 1) * 8] !== 0) bad("lddw without its second slot");
        break;
      case "shift32":
      case "shift64": {
        const limit = check === "shift32" ? 32 : 64;
        if (imm < 0 || imm >= limit) bad(`shift by ${imm} out of range`);
        break;
      }
      case "nonzero":
        if (imm === 0) bad("division by constant zero");
        break;
      case "endian":
        if (imm !== 16 && imm !== 32 && imm !== 64) bad(`byte swap width ${imm}`);
        break;
      case "jump": {
        const target = pc + 1 + off;
        if (target < 0 || target >= count) bad(`jump target ${target} outside the program`);
        if (text[target * 8] === 0) bad("jump into the middle of an lddw");
        break;
      }
      default:
        break;
    }
    if (opcode === 0x85 && imm !== -1) {
      const target = pc + 1 + imm;
      if (target < 0 || target >= count) bad(`call target ${target} outside the program`);
    }

    if (src > 10) bad(`source register r${src}`);
    if (dst > 10 || (dst === FRAME_POINTER && check !== "store")) {
      bad(`destination register r${dst} (r10, the frame pointer, is read-only)`);
    }
    if (check === "lddw") pc++;
  }
  return { instructions: count };
}
