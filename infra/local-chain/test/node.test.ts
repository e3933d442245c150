import { afterAll, describe, expect, it } from "vitest";
import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { parseConfig, startLocalChain } from "../src/index.js";
import { pollLanded, removeLedger, tempLedger } from "./support/spawn-chain.js";

const ledger = tempLedger();
afterAll(() => removeLedger(ledger));

describe("local chain - in-process node", () => {
  it("serves, closes idempotently; a second node on the ledger sees the state", async () => {
    const config = parseConfig([
      "--port",
      "0",
      "--ledger",
      ledger,
      "--no-light",
      "--slot-ms",
      "50",
    ]);
    const first = await startLocalChain(config);
    const connection = new Connection(first.rpcUrl, "confirmed");
    const kp = Keypair.generate();
    await pollLanded(connection, await connection.requestAirdrop(kp.publicKey, LAMPORTS_PER_SOL));
    const slot = await connection.getSlot();

    await Promise.all([first.close(), first.close()]);
    const second = await startLocalChain(config);
    const again = new Connection(second.rpcUrl, "confirmed");

    expect(await again.getBalance(kp.publicKey)).toBe(LAMPORTS_PER_SOL);
    expect(await again.getSlot()).toBeGreaterThan(slot);
    expect(second.report.restoredTransactions).toBeGreaterThanOrEqual(1);
    await second.close();
  });
});
