import { describe, expect, it } from "vitest";
import type { PublicKey } from "@solana/web3.js";
import { Keypair } from "@solana/web3.js";
import {
  ACCOUNT_COMPRESSION_AUTHORITY,
  ACCOUNT_COMPRESSION_PROGRAM_ID,
  LIGHT_SYSTEM_PROGRAM_ID,
  LightInputError,
  NOOP_PROGRAM_ID,
  REGISTERED_PROGRAM_PDA,
  STATE_TREE_V1,
  SYSTEM_PROGRAM_ID,
  cpiAuthorityPda,
  decodeInvokeCpiOutputs,
  encodeInvokeCpiData,
  invokeCpiAccounts,
  type OutputInput,
} from "../src/index.js";

// An independent Borsh writer for the output-only InstructionDataInvokeCpi, from the layout
// alone, so the stateless.js-based encoder is checked against something it does not share.
function borshInvokeCpi(outputs: OutputInput[]): Uint8Array {
  const parts: number[] = [];
  const u32 = (n: number) => parts.push(n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24);
  const u64 = (n: bigint) => {
    for (let i = 0n; i < 8n; i++) parts.push(Number((n >> (8n * i)) & 255n));
  };
  const bytes = (b: Uint8Array) => parts.push(...b);
  parts.push(0); // proof: None
  u32(0); // new_address_params
  u32(0); // input accounts
  u32(outputs.length);
  for (const o of outputs) {
    bytes(o.owner.toBytes());
    u64(o.lamports ?? 0n);
    if (o.address) {
      parts.push(1);
      bytes(o.address);
    } else parts.push(0);
    if (o.data) {
      parts.push(1);
      bytes(o.data.discriminator);
      u32(o.data.data.length);
      bytes(o.data.data);
      bytes(o.data.dataHash);
    } else parts.push(0);
    parts.push(o.merkleTreeIndex ?? 0);
  }
  parts.push(0, 0, 0, 0); // relay_fee, compress_or_decompress_lamports, is_compress, cpi_context
  const body = Uint8Array.from(parts);
  const out = new Uint8Array(12 + body.length);
  out.set([0x31, 0xd4, 0xbf, 0x81, 0x27, 0xc2, 0x2b, 0xc4]);
  new DataView(out.buffer).setUint32(8, body.length, true);
  out.set(body, 12);
  return out;
}

const program = Keypair.generate().publicKey;
const dataHash = (fill: number) => Uint8Array.from([0, ...Array<number>(31).fill(fill)]);
const record = (i: number): OutputInput => ({
  owner: program,
  data: {
    discriminator: Uint8Array.from([9, 8, 7, 6, 5, 4, 3, i]),
    data: Uint8Array.from({ length: 72 }, (_, k) => (k * 7 + i) & 255),
    dataHash: dataHash(i + 1),
  },
});

describe("invoke_cpi data", () => {
  it("matches an independent Borsh encoding of the layout byte for byte", () => {
    const outputs = [record(0), record(1), record(2)];
    expect(Buffer.from(encodeInvokeCpiData(outputs))).toEqual(Buffer.from(borshInvokeCpi(outputs)));
  });

  it("encodes lamports, an address and a tree index where given", () => {
    const outputs: OutputInput[] = [
      { owner: program, lamports: 123_456_789n, address: dataHash(3), merkleTreeIndex: 2 },
      record(4),
    ];
    expect(Buffer.from(encodeInvokeCpiData(outputs))).toEqual(Buffer.from(borshInvokeCpi(outputs)));
  });

  it("decodes back to the same outputs", () => {
    const outputs = [record(5), { owner: program, lamports: 7n, merkleTreeIndex: 1 }];
    const decoded = decodeInvokeCpiOutputs(encodeInvokeCpiData(outputs));
    expect(decoded).toHaveLength(2);
    expect(decoded[0]?.owner.equals(program)).toBe(true);
    expect(Buffer.from(decoded[0]?.data?.data ?? [])).toEqual(Buffer.from(record(5).data!.data));
    expect(Buffer.from(decoded[0]?.data?.dataHash ?? [])).toEqual(Buffer.from(dataHash(6)));
    expect(decoded[1]).toMatchObject({
      lamports: 7n,
      address: null,
      data: null,
      merkleTreeIndex: 1,
    });
  });

  it("refuses what Light would refuse, with the field named", () => {
    const bad: Array<[OutputInput[], string]> = [
      [[], "outputs"],
      [Array.from({ length: 31 }, (_, i) => record(i % 8)), "outputs"],
      [[{ owner: program, lamports: -1n }], "outputs[0].lamports"],
      [[{ owner: program, address: new Uint8Array(31) }], "outputs[0].address"],
      [[{ ...record(0), merkleTreeIndex: 256 }], "outputs[0].merkleTreeIndex"],
      [
        [{ owner: program, data: { ...record(0).data!, dataHash: new Uint8Array(32).fill(255) } }],
        "outputs[0].data.dataHash",
      ],
      [
        [{ owner: program, data: { ...record(0).data!, discriminator: new Uint8Array(7) } }],
        "outputs[0].data.discriminator",
      ],
    ];
    for (const [outputs, field] of bad) {
      let caught: unknown;
      try {
        encodeInvokeCpiData(outputs);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LightInputError);
      expect((caught as LightInputError).field).toBe(field);
      expect((caught as LightInputError).code).toBe("LIGHT_INPUT");
    }
  });

  it("refuses data that is not invoke_cpi", () => {
    expect(() => decodeInvokeCpiOutputs(new Uint8Array(40))).toThrow(/discriminator/);
    const truncated = encodeInvokeCpiData([record(0)]).subarray(0, 60);
    expect(() => decodeInvokeCpiOutputs(truncated)).toThrow(/Borsh/);
  });
});

describe("invoke_cpi accounts", () => {
  it("lists Light's accounts in the system program's order", () => {
    const feePayer = Keypair.generate().publicKey;
    const metas = invokeCpiAccounts({ feePayer, invokingProgram: program });
    const expected: Array<[PublicKey, boolean, boolean]> = [
      [feePayer, true, true],
      [cpiAuthorityPda(program), false, false],
      [REGISTERED_PROGRAM_PDA, false, false],
      [NOOP_PROGRAM_ID, false, false],
      [ACCOUNT_COMPRESSION_AUTHORITY, false, false],
      [ACCOUNT_COMPRESSION_PROGRAM_ID, false, false],
      [program, false, false],
      [LIGHT_SYSTEM_PROGRAM_ID, false, false],
      [LIGHT_SYSTEM_PROGRAM_ID, false, false],
      [SYSTEM_PROGRAM_ID, false, false],
      [LIGHT_SYSTEM_PROGRAM_ID, false, false],
      [STATE_TREE_V1, false, true],
    ];
    expect(metas.map((m) => [m.pubkey.toBase58(), m.isSigner, m.isWritable])).toEqual(
      expected.map(([k, s, w]) => [k.toBase58(), s, w]),
    );
  });

  it("takes another tree as the remaining account", () => {
    const tree = Keypair.generate().publicKey;
    const metas = invokeCpiAccounts({ feePayer: program, invokingProgram: program, tree });
    expect(metas[11]?.pubkey.equals(tree)).toBe(true);
  });
});
