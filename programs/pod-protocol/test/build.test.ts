import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spec } from "../idl/index.js";
import { buildPodProgram } from "../build/build.js";
import { discriminator } from "../build/discriminator.js";
import { generate } from "../build/generate.js";
import { GENERATED_HEADER, IDL_JSON, IDL_TYPES, PROGRAM_SO, REPO_ROOT } from "../build/paths.js";
import { PublicKey } from "@solana/web3.js";
import { coder, PROGRAM_ID } from "../src/program.js";
import { BN } from "./support/pod.js";
import { PodChain, programKeypair } from "./support/chain.js";

const scratch = mkdtempSync(join(tmpdir(), "pod-program-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("build", () => {
  it("committed IDL JSON, TS types and C header are what the IDL source generates", () => {
    const fresh = generate();
    expect(readFileSync(IDL_JSON, "utf8")).toBe(fresh.idlJson);
    expect(readFileSync(IDL_TYPES, "utf8")).toBe(fresh.types);
    expect(readFileSync(GENERATED_HEADER, "utf8")).toBe(fresh.header);
  });

  it("the header's constants agree with the IDL: discriminators, sizes, error numbers", () => {
    const header = readFileSync(GENERATED_HEADER, "utf8");
    const define = (name: string) => new RegExp(`#define ${name} (\\S+)`).exec(header)?.[1];
    const u64 = (bytes: number[]) =>
      `0x${Buffer.from(bytes).readBigUInt64LE(0).toString(16).padStart(16, "0")}ULL`;
    expect(define("POD_IX_APPEND_COMPRESSED_MESSAGES")).toBe(
      u64(discriminator("global", "append_compressed_messages")),
    );
    expect(define("POD_MESSAGE_DISC")).toBe(u64(discriminator("account", "Message")));
    spec.errors.forEach((e, i) => {
      const macro = `POD_ERR_${e.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
      expect(define(macro), e.name).toBe(String(6000 + i));
    });
  });

  it("account sizes equal the Anchor encoding of each account's largest value", async () => {
    const header = readFileSync(GENERATED_HEADER, "utf8");
    const size = (name: string) =>
      Number(new RegExp(`#define POD_${name}_SIZE (\\d+)`).exec(header)?.[1]);
    for (const [name, value] of Object.entries(largestAccounts())) {
      const encoded = await coder.accounts.encode(name, value);
      const macro = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
      expect(size(macro), name).toBe(encoded.length);
    }
  });

  it("a fresh build from source is byte-identical to the committed .so", async () => {
    const out = join(scratch, "pod_protocol.so");
    const result = await buildPodProgram(out);
    expect(result.syscalls).toContain("sol_invoke_signed_c");
    expect(Buffer.from(readFileSync(out)).equals(readFileSync(PROGRAM_SO))).toBe(true);
  });

  it("Anchor.toml names the program id on every cluster and only files that exist", () => {
    const toml = readFileSync(join(REPO_ROOT, "Anchor.toml"), "utf8");
    const ids = [...toml.matchAll(/^pod_protocol = "(\w+)"/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) expect(id).toBe(PROGRAM_ID.toBase58());
    const files = [...toml.matchAll(/^(?:program|filename) = "([^"]+)"/gm)].map((m) => m[1]!);
    expect(files.length).toBe(8);
    for (const file of files) expect(existsSync(join(REPO_ROOT, file)), file).toBe(true);
  });

  it("the committed .so passes the upgradeable loader's deployment checks at the fixed id", () => {
    const chain = new PodChain({ deploy: true });
    const program = chain.svm.getAccount(programKeypair().publicKey.toBase58());
    expect(program?.executable).toBe(true);
  });
});

/** Every account type with its strings and vecs at their maximum length. */
function largestAccounts(): Record<string, Record<string, unknown>> {
  const key = PublicKey.default;
  const n = new BN(0);
  const b32 = Array(32).fill(1);
  const limits = { max_ttl_secs: 1, max_channel_participants: 1, max_batch: 1 };
  return {
    Protocol: { admin: key, paused: false, bump: 1, limits, relayers: Array(8).fill(key) },
    Agent: {
      agent: key,
      capabilities: n,
      registered_at: n,
      updated_at: n,
      commitment: b32,
      payer: key,
      bump: 1,
      metadata_uri: "u".repeat(128),
    },
    Channel: {
      creator: key,
      name_hash: b32,
      visibility: { Public: {} },
      closed: false,
      max_participants: 1,
      participant_count: 1,
      created_at: n,
      payer: key,
      bump: 1,
      name: "n".repeat(64),
    },
    Membership: { channel: key, agent: key, joined_at: n, payer: key, bump: 1 },
    Message: {
      request_id: Array(32).fill(1),
      sender: key,
      recipient: key,
      recipient_kind: { Agent: {} },
      message_type: { Text: {} },
      status: { Sent: {} },
      content_hash: b32,
      created_at: n,
      expires_at: n,
      commitment: b32,
      payer: key,
      bump: 1,
      cid: "c".repeat(64),
    },
    CompressedMessage: { sender: key, envelope_hash: b32, created_at: n },
  };
}
