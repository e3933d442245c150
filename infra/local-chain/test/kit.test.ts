import { describe, expect, it } from "vitest";
import {
  AccountRole,
  appendTransactionMessageInstruction,
  assertIsTransactionWithBlockhashLifetime,
  address,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  generateKeyPairSigner,
  getSignatureFromTransaction,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from "@solana/kit";
import { chainForTests, pollLanded } from "./support/spawn-chain.js";

const local = chainForTests({ light: false });

function transferData(amount: bigint): Uint8Array {
  const data = new Uint8Array(12);
  const view = new DataView(data.buffer);
  view.setUint32(0, 2, true);
  view.setBigUint64(4, amount, true);
  return data;
}

describe("local chain - @solana/kit clients", () => {
  it("kit's sendAndConfirmTransaction confirms a v0 transfer (RPC + subscriptions)", async () => {
    const rpc = createSolanaRpc(local.chain.rpcUrl);
    const rpcSubscriptions = createSolanaRpcSubscriptions(local.chain.wsUrl);
    const signer = await generateKeyPairSigner();
    const recipient = (await generateKeyPairSigner()).address;
    const funding = await rpc.requestAirdrop(signer.address, lamports(2_000_000_000n)).send();
    await pollLanded(local.connection, funding);

    const { value: latest } = await rpc.getLatestBlockhash().send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(signer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(latest, m),
      (m) =>
        appendTransactionMessageInstruction(
          {
            programAddress: address("11111111111111111111111111111111"),
            accounts: [
              { address: signer.address, role: AccountRole.WRITABLE_SIGNER },
              { address: recipient, role: AccountRole.WRITABLE },
            ],
            data: transferData(1_000_000_000n),
          },
          m,
        ),
    );
    const tx = await signTransactionMessageWithSigners(message);
    assertIsTransactionWithBlockhashLifetime(tx);
    const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });

    await sendAndConfirm(tx, { commitment: "confirmed" });

    expect((await rpc.getBalance(recipient).send()).value).toBe(1_000_000_000n);
    const got = await rpc
      .getTransaction(getSignatureFromTransaction(tx), {
        encoding: "json",
        maxSupportedTransactionVersion: 0,
      })
      .send();
    expect(got?.meta?.err).toBeNull();
    expect(got?.version).toBe(0);
  });
});
