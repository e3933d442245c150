import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PublicKey,
  SendTransactionError,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  sendAndConfirmTransaction,
  type Connection,
  type Keypair,
} from "@solana/web3.js";
import { DEFAULT_POD_PROGRAM } from "../src/config.js";
import {
  fundedKeypair,
  removeLedger,
  spawnChain,
  type ChainProcess,
} from "./support/spawn-chain.js";

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

let chain: ChainProcess;
let connection: Connection;

function initialize(payer: Keypair): TransactionInstruction {
  const p = pod as NonNullable<typeof pod>;
  return new TransactionInstruction({
    programId: p.PROGRAM_ID,
    keys: [
      { pubkey: payer.publicKey, isSigner: true, isWritable: true },
      { pubkey: payer.publicKey, isSigner: true, isWritable: false },
      { pubkey: p.pdas.protocol(), isSigner: false, isWritable: true },
      { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
    ],
    data: p.coder.instruction.encode("initialize", { limits: LIMITS }),
  });
}

describe.skipIf(!present)("local chain - the PoD program through JSON-RPC", () => {
  beforeAll(async () => {
    chain = await spawnChain();
    connection = chain.connection();
  });

  afterAll(async () => {
    await chain.stop();
    removeLedger(chain.ledger);
  });

  it("is loaded at its program id together with Light's programs", async () => {
    const p = pod as NonNullable<typeof pod>;
    expect(chain.ready.pod).toBe("loaded");
    const info = await connection.getAccountInfo(p.PROGRAM_ID);
    expect(info?.executable).toBe(true);
    const lightSystem = await connection.getAccountInfo(LIGHT_SYSTEM_PROGRAM);
    expect(lightSystem?.executable).toBe(true);
  });

  it("initialize lands, creates the protocol account and emits its event in the logs", async () => {
    const p = pod as NonNullable<typeof pod>;
    const payer = await fundedKeypair(connection, 5);

    const signature = await sendAndConfirmTransaction(
      connection,
      new Transaction().add(initialize(payer)),
      [payer],
    );

    const account = await connection.getAccountInfo(p.pdas.protocol());
    expect(account?.owner.toBase58()).toBe(p.PROGRAM_ID.toBase58());
    expect(account?.data.length).toBe(312);
    const owned = await connection.getProgramAccounts(p.PROGRAM_ID, {
      filters: [{ dataSize: 312 }],
    });
    expect(owned.map((o) => o.pubkey.toBase58())).toEqual([p.pdas.protocol().toBase58()]);
    const got = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    const events = [...p.eventParser.parseLogs(got?.meta?.logMessages ?? [])];
    expect(events[0]?.name).toBe("ProtocolInitialized");
    expect(got?.meta?.computeUnitsConsumed).toBeGreaterThan(0);
  });

  it("a second initialize is refused at preflight with the program's error in the logs", async () => {
    const payer = await fundedKeypair(connection, 1);
    const tx = new Transaction().add(initialize(payer));

    const error = await sendAndConfirmTransaction(connection, tx, [payer]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SendTransactionError);
    const logs = await (error as SendTransactionError).getLogs(connection);
    expect(logs.join("\n")).toMatch(/AlreadyInitialized/);
  });
});
