import { readFileSync } from "node:fs";
import { pdas, podInstruction } from "@pod/program";
import {
  sendAndConfirmTransaction,
  Keypair,
  LAMPORTS_PER_SOL,
  Transaction,
  type Connection,
  type PublicKey,
} from "@solana/web3.js";
import { BaselineSetupError } from "../errors.js";

/** Limits the baseline sets when it has to initialize the protocol itself. */
export const BASELINE_LIMITS = {
  max_ttl_secs: 86_400,
  max_channel_participants: 10_000,
  max_batch: 16,
};

export function readKeypairFile(path: string): Keypair {
  try {
    return Keypair.fromSecretKey(
      Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]),
    );
  } catch (cause) {
    throw new BaselineSetupError(`cannot read the keypair file ${path}`, { cause });
  }
}

/** Polls getSignatureStatuses until `signature` has landed (no WebSocket involved). */
export async function landed(connection: Connection, signature: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [status] = (await connection.getSignatureStatuses([signature])).value;
    if (status !== null && status !== undefined) {
      if (status.err !== null) {
        throw new BaselineSetupError(`${signature} failed: ${JSON.stringify(status.err)}`);
      }
      return;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new BaselineSetupError(`${signature} did not land within ${timeoutMs} ms`);
}

/** Airdrops `sol` SOL to each key (in parallel) and waits until all landed. */
export async function fund(connection: Connection, keys: PublicKey[], sol: number): Promise<void> {
  const signatures = await Promise.all(
    keys.map((key) => connection.requestAirdrop(key, sol * LAMPORTS_PER_SOL)),
  );
  await Promise.all(signatures.map((s) => landed(connection, s)));
}

/**
 * Makes sure the protocol account exists: every PoD instruction reads it. When it is
 * missing, initializes it with `adminKeypairPath` (the program's upgrade authority, the only
 * admin `initialize` accepts); without one, refuses with the reason.
 */
export async function ensureProtocol(
  connection: Connection,
  adminKeypairPath: string | undefined,
): Promise<"existing" | "initialized"> {
  if ((await connection.getAccountInfo(pdas.protocol())) !== null) return "existing";
  if (adminKeypairPath === undefined) {
    throw new BaselineSetupError(
      "the protocol is not initialized on this chain and no admin keypair was given " +
        "(--admin-keypair <ledger>/pod-upgrade-authority.json)",
    );
  }
  const admin = readKeypairFile(adminKeypairPath);
  const payer = Keypair.generate();
  await fund(connection, [payer.publicKey], 1);
  const ix = podInstruction(
    "initialize",
    { limits: BASELINE_LIMITS },
    { payer: payer.publicKey, admin: admin.publicKey, protocol: pdas.protocol() },
  );
  try {
    await sendAndConfirmTransaction(connection, new Transaction().add(ix), [payer, admin]);
  } catch (cause) {
    // Someone else (the tx-bundler at its start) may have initialized it meanwhile.
    if ((await connection.getAccountInfo(pdas.protocol())) !== null) return "existing";
    throw new BaselineSetupError("initialize failed", { cause });
  }
  return "initialized";
}
