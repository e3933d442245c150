import { readFileSync } from "node:fs";
import { BorshCoder, EventParser, type Idl } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { createHash } from "node:crypto";
import { IDL_JSON, PROGRAM_SO } from "../build/paths.js";

export const PROGRAM_ID = new PublicKey("9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq");

/** The IDL JSON the build wrote (Anchor's format). */
export function loadIdl(): Idl {
  return JSON.parse(readFileSync(IDL_JSON, "utf8")) as Idl;
}

/** The program bytecode the build wrote. */
export function loadProgramBytes(): Uint8Array {
  return readFileSync(PROGRAM_SO);
}

export const coder = new BorshCoder(loadIdl());
export const eventParser = new EventParser(PROGRAM_ID, coder);

const pda = (seeds: (Buffer | Uint8Array)[]) =>
  PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];

/** The channel seed: sha256 of the name, so names longer than a 32-byte seed work. */
export function channelNameHash(name: string): Buffer {
  return createHash("sha256").update(Buffer.from(name, "utf8")).digest();
}

/** Addresses of the program's accounts. */
export const pdas = {
  protocol: () => pda([Buffer.from("protocol")]),
  cpiAuthority: () => pda([Buffer.from("cpi_authority")]),
  agent: (agent: PublicKey) => pda([Buffer.from("agent"), agent.toBuffer()]),
  channel: (name: string) => pda([Buffer.from("channel"), channelNameHash(name)]),
  membership: (channel: PublicKey, agent: PublicKey) =>
    pda([Buffer.from("member"), channel.toBuffer(), agent.toBuffer()]),
  message: (requestId: Uint8Array) => pda([Buffer.from("message"), Buffer.from(requestId)]),
};
