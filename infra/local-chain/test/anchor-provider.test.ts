import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AnchorError, AnchorProvider, Program, Wallet } from "@coral-xyz/anchor";
import { pdas, PROGRAM_ID, loadIdl, type PodProtocol } from "@pod/program";
import { Keypair, PublicKey, SystemProgram } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { chainForTests, fundedKeypair } from "./support/spawn-chain.js";

const UPGRADEABLE_LOADER = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
const programData = PublicKey.findProgramAddressSync(
  [PROGRAM_ID.toBuffer()],
  UPGRADEABLE_LOADER,
)[0];

const env = chainForTests();

/** Anchor's own client, pointed at the local chain like at any cluster. */
function programFor(signer: Keypair): Program<PodProtocol> {
  const provider = new AnchorProvider(env.connection, new Wallet(signer), {
    commitment: "confirmed",
  });
  return new Program(loadIdl() as PodProtocol, provider);
}

describe("Anchor client over JSON-RPC", () => {
  it("anchor - methods.rpc() lands on the local chain and account.fetch() decodes the state", async () => {
    const path = join(env.chain.ledger, "pod-upgrade-authority.json");
    const secret = Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]);
    const admin = Keypair.fromSecretKey(secret);
    await env.connection
      .requestAirdrop(admin.publicKey, 5e9)
      .then((sig) => env.connection.confirmTransaction(sig, "confirmed"));
    const program = programFor(admin);
    const limits = { maxTtlSecs: 3600, maxChannelParticipants: 16, maxBatch: 4 };

    const signature = await program.methods
      .initialize(limits)
      .accountsStrict({
        payer: admin.publicKey,
        admin: admin.publicKey,
        protocol: pdas.protocol(),
        programData,
        systemProgram: SystemProgram.programId,
      })
      .rpc();
    const tx = await env.connection.getTransaction(signature, {
      commitment: "confirmed",
      maxSupportedTransactionVersion: 0,
    });
    expect(tx?.meta?.err).toBeNull();

    const state = await program.account.protocol.fetch(pdas.protocol());
    expect(state.admin.toBase58()).toBe(admin.publicKey.toBase58());
    expect(state.limits).toEqual(limits);
    expect(state.paused).toBe(false);
  });

  it("anchor - a refused instruction surfaces as AnchorError with the program's error name", async () => {
    const stranger = await fundedKeypair(env.connection, 2);
    const program = programFor(stranger);
    const refused = await program.methods
      .addRelayer(Keypair.generate().publicKey)
      .accountsStrict({ admin: stranger.publicKey, protocol: pdas.protocol() })
      .rpc()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(AnchorError);
    const anchorError = refused as AnchorError;
    expect(anchorError.error.errorCode.code).toBe("NotAdmin");
    expect(anchorError.error.errorCode.number).toBeGreaterThanOrEqual(6000);
    expect(anchorError.logs?.some((l) => l.includes("AnchorError occurred"))).toBe(true);
  });
});
