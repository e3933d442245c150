import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAppendedLeaves, readRootHistory, STATE_TREE_V1 } from "@pod/light";
import { describe, expect, it } from "vitest";
import {
  PublicKey,
  SendTransactionError,
  Transaction,
  TransactionInstruction,
  sendAndConfirmTransaction,
  Keypair,
  type Connection,
} from "@solana/web3.js";
import { DEFAULT_POD_PROGRAM } from "../src/config.js";
import { chainForTests, fundedKeypair, type ChainProcess } from "./support/spawn-chain.js";

const present = existsSync(DEFAULT_POD_PROGRAM);
if (!present) {
  console.warn(
    `skipping PoD program tests: ${DEFAULT_POD_PROGRAM} does not exist (build it first)`,
  );
}

// Imported only when the program exists: its module reads the build's IDL at import.
const pod = present ? await import("@pod/program") : undefined;
const LIGHT_SYSTEM_PROGRAM = new PublicKey("SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7");
const LIMITS = { max_ttl_secs: 3600, max_channel_participants: 8, max_batch: 4 };

/** An instruction from the program's IDL: accounts in IDL order, fixed addresses filled in. */
function idlInstruction(
  name: string,
  args: Record<string, unknown>,
  accounts: Record<string, PublicKey>,
): TransactionInstruction {
  const p = pod as NonNullable<typeof pod>;
  const ix = p.loadIdl().instructions.find((i) => i.name === name);
  if (ix === undefined) throw new Error(`the IDL has no instruction ${name}`);
  const keys = ix.accounts.map((item) => {
    const a = item as { name: string; writable?: boolean; signer?: boolean; address?: string };
    const pubkey = accounts[a.name] ?? (a.address ? new PublicKey(a.address) : undefined);
    if (pubkey === undefined) throw new Error(`${name}: account ${a.name} not given`);
    return { pubkey, isWritable: a.writable === true, isSigner: a.signer === true };
  });
  return new TransactionInstruction({
    programId: p.PROGRAM_ID,
    keys,
    data: p.coder.instruction.encode(name, args),
  });
}

/** The upgrade authority the chain deployed the program with: the only valid admin. */
function authority(chain: ChainProcess): Keypair {
  const path = join(chain.ledger, "pod-upgrade-authority.json");
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]));
}

let relayerKey: Keypair | undefined;

/** append_compressed_messages with two records, signed for by `relayer`. */
function appendIx(relayer: Keypair, tag: string): TransactionInstruction {
  const p = pod as NonNullable<typeof pod>;
  const records = [0, 1].map((i) => ({
    sender: Keypair.generate().publicKey,
    envelope_hash: [...createHash("sha256").update(`envelope-${tag}-${i}`).digest()],
  }));
  return idlInstruction(
    "append_compressed_messages",
    { records },
    {
      fee_payer: relayer.publicKey,
      authority: relayer.publicKey,
      protocol: p.pdas.protocol(),
      cpi_authority: p.pdas.cpiAuthority(),
      self_program: p.PROGRAM_ID,
      merkle_tree: STATE_TREE_V1,
    },
  );
}

async function leavesOf(connection: Connection, signature: string) {
  const got = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
  return parseAppendedLeaves({
    accountKeys: got?.transaction.message.staticAccountKeys ?? [],
    innerInstructions: got?.meta?.innerInstructions ?? [],
    err: got?.meta?.err ?? null,
  });
}

function initialize(payer: Keypair, admin: Keypair): TransactionInstruction {
  const p = pod as NonNullable<typeof pod>;
  return idlInstruction(
    "initialize",
    { limits: LIMITS },
    { payer: payer.publicKey, admin: admin.publicKey, protocol: p.pdas.protocol() },
  );
}

describe.skipIf(!present)("local chain - the PoD program through JSON-RPC", () => {
  const local = chainForTests();

  it("is loaded at its program id together with Light's programs", async () => {
    const p = pod as NonNullable<typeof pod>;
    expect(local.chain.ready.pod).toBe("deployed");
    expect(local.chain.ready.podUpgradeAuthority).toBe(authority(local.chain).publicKey.toBase58());
    const info = await local.connection.getAccountInfo(p.PROGRAM_ID);
    expect(info?.executable).toBe(true);
    const lightSystem = await local.connection.getAccountInfo(LIGHT_SYSTEM_PROGRAM);
    expect(lightSystem?.executable).toBe(true);
  });

  it("initialize lands, creates the protocol account and emits its event in the logs", async () => {
    const p = pod as NonNullable<typeof pod>;
    const payer = await fundedKeypair(local.connection, 5);

    const admin = authority(local.chain);

    const signature = await sendAndConfirmTransaction(
      local.connection,
      new Transaction().add(initialize(payer, admin)),
      [payer, admin],
    );

    const account = await local.connection.getAccountInfo(p.pdas.protocol());
    expect(account?.owner.toBase58()).toBe(p.PROGRAM_ID.toBase58());
    expect(account?.data.length).toBe(312);
    const owned = await local.connection.getProgramAccounts(p.PROGRAM_ID, {
      filters: [{ dataSize: 312 }],
    });
    expect(owned.map((o) => o.pubkey.toBase58())).toEqual([p.pdas.protocol().toBase58()]);
    const got = await local.connection.getTransaction(signature, {
      maxSupportedTransactionVersion: 0,
    });
    const events = [...p.eventParser.parseLogs(got?.meta?.logMessages ?? [])];
    expect(events[0]?.name).toBe("ProtocolInitialized");
    expect(got?.meta?.computeUnitsConsumed).toBeGreaterThan(0);
  });

  it("a second initialize is refused at preflight, the program's error in the logs", async () => {
    const payer = await fundedKeypair(local.connection, 1);
    const admin = authority(local.chain);
    const tx = new Transaction().add(initialize(payer, admin));

    const error = await sendAndConfirmTransaction(local.connection, tx, [payer, admin]).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(SendTransactionError);
    const logs = await (error as SendTransactionError).getLogs(local.connection);
    expect(logs.join("\n")).toMatch(/AlreadyInitialized/);
  });

  it("compressed messages: getTransaction's inner instructions carry Light's leaves", async () => {
    const p = pod as NonNullable<typeof pod>;
    const relayer = await fundedKeypair(local.connection, 5);
    await sendAndConfirmTransaction(
      local.connection,
      new Transaction().add(
        idlInstruction(
          "add_relayer",
          { relayer: relayer.publicKey },
          { admin: authority(local.chain).publicKey, protocol: p.pdas.protocol() },
        ),
      ),
      [relayer, authority(local.chain)],
    );
    relayerKey = relayer;
    const ix = appendIx(relayer, "first");

    const signature = await sendAndConfirmTransaction(local.connection, new Transaction().add(ix), [
      relayer,
    ]);

    const leaves = await leavesOf(local.connection, signature);
    expect(leaves).toHaveLength(2);
    expect(leaves[0]?.account?.owner.equals(p.PROGRAM_ID)).toBe(true);
    expect(leaves.map((l) => l.leafIndex)).toEqual([0, 1]);
    const tree = await local.connection.getAccountInfo(STATE_TREE_V1);
    expect(readRootHistory(tree?.data as Buffer).nextIndex).toBe(2);
  });

  it("after SIGKILL the protocol state and Light's patched tree are intact", async () => {
    const p = pod as NonNullable<typeof pod>;
    const relayer = relayerKey as Keypair;
    const treeBefore = (await local.connection.getAccountInfo(STATE_TREE_V1))?.data;
    const protocolBefore = (await local.connection.getAccountInfo(p.pdas.protocol()))?.data;

    await local.restart("SIGKILL");

    expect(
      (await local.connection.getAccountInfo(STATE_TREE_V1))?.data.equals(treeBefore as Buffer),
    ).toBe(true);
    expect((await local.connection.getAccountInfo(p.pdas.protocol()))?.data).toEqual(
      protocolBefore,
    );
    const signature = await sendAndConfirmTransaction(
      local.connection,
      new Transaction().add(appendIx(relayer, "after-restart")),
      [relayer],
    );
    expect((await leavesOf(local.connection, signature)).map((l) => l.leafIndex)).toEqual([2, 3]);
  });
});
