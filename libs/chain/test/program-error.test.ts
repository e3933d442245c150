import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Keypair } from "@solana/web3.js";
import { programErrorOf, sendAndConfirm, settleSignature } from "../src/index.js";
import { funded, localChain, poolOf, signedTx } from "./support/chain.js";

// The local chain deploys the PoD program from the committed build when it is there.
const SO = fileURLToPath(new URL("../../../target/deploy/pod_protocol.so", import.meta.url));
const present = existsSync(SO);
if (!present) console.warn(`skipping the PoD program error test: ${SO} does not exist`);
// Imported only when the program exists: its module reads the build's IDL at import.
const pod = present ? await import("@pod/program") : undefined;

describe.skipIf(!present)("a PoD program error through sendAndConfirm", () => {
  const local = localChain();

  it("initialize by a key that is not the upgrade authority is 'failed' with NotUpgradeAuthority decoded", async () => {
    const p = pod as NonNullable<typeof pod>;
    const pool = poolOf([local.chain.rpcUrl]);
    try {
      const payer = await funded(pool, 1);
      const impostor = Keypair.generate();
      const ix = p.podInstruction(
        "initialize",
        { limits: { max_ttl_secs: 3600, max_channel_participants: 8, max_batch: 4 } },
        { payer: payer.publicKey, admin: impostor.publicKey, protocol: p.pdas.protocol() },
      );
      const { blockhash, lastValidBlockHeight } = await pool.call("bh", (c) =>
        c.getLatestBlockhash(),
      );
      const { raw, signature } = signedTx([payer, impostor], [ix], blockhash);

      const outcome = await sendAndConfirm(pool, raw, {
        signature,
        lastValidBlockHeight,
        pollMs: 50,
      });

      expect(outcome.status).toBe("failed");
      if (outcome.status !== "failed") return;
      const expected = p.loadIdl().errors?.find((e) => e.name === "NotUpgradeAuthority")?.code;
      expect(expected).toBeGreaterThanOrEqual(6000);
      expect(programErrorOf(outcome.err)).toEqual({ instructionIndex: 0, code: expected });
      expect(outcome.logs?.join("\n")).toMatch(/Error Code: NotUpgradeAuthority/);
      expect(await settleSignature(pool, signature, lastValidBlockHeight)).toMatchObject({
        status: "landed",
        err: outcome.err,
      });
    } finally {
      pool.close();
    }
  });
});
