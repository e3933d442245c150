import { sendAndConfirm, type BlockhashCache, type RpcPool } from "@pod/chain";
import { toBase58 } from "@pod/protocol";
import { pdas, podInstruction } from "@pod/program";
import type { Logger } from "@pod/runtime";
import {
  TransactionMessage,
  VersionedTransaction,
  type Keypair,
  type PublicKey,
  type TransactionInstruction,
} from "@solana/web3.js";
import type { ChainState } from "./chain-state.js";
import { BUNDLER_ERROR_CODES, BundlerRetryError } from "./errors.js";
import type { BundlerKeys } from "./keys.js";

/**
 * Limits the bundler initializes a fresh protocol with: a month of TTL, the protocol's
 * channel size, and a batch that holds a full register_agents (16) and a full append (the program allows 30).
 */
export const INITIAL_LIMITS = {
  max_ttl_secs: 30 * 24 * 3600,
  max_channel_participants: 10_000,
  max_batch: 30,
} as const;

export interface BootstrapDeps {
  pool: RpcPool;
  chain: ChainState;
  blockhashes: BlockhashCache;
  keys: BundlerKeys;
  log: Logger;
  airdropLamports: number | undefined;
  minLamports: number;
}

/** Sends admin instructions (fee payer + admin sign) and waits for them. */
export async function sendAdmin(
  d: Pick<BootstrapDeps, "pool" | "blockhashes" | "keys">,
  admin: Keypair,
  ...ixs: TransactionInstruction[]
) {
  const payer = d.keys.feePayers.all()[0]!;
  for (let attempt = 0; attempt < 3; attempt++) {
    const { blockhash, lastValidBlockHeight } = await d.blockhashes.get();
    const message = new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: blockhash,
      instructions: ixs,
    }).compileToLegacyMessage();
    const tx = new VersionedTransaction(message);
    tx.sign([payer, admin]);
    const signature = toBase58(tx.signatures[0]!);
    const outcome = await sendAndConfirm(d.pool, tx.serialize(), {
      signature,
      lastValidBlockHeight,
    });
    if (outcome.status === "confirmed") return signature;
    if (outcome.status === "failed") {
      throw new BundlerRetryError(
        BUNDLER_ERROR_CODES.bootstrapFailed,
        `admin transaction ${signature} failed: ${JSON.stringify(outcome.err)}`,
      );
    }
    d.blockhashes.invalidate();
  }
  throw new BundlerRetryError(BUNDLER_ERROR_CODES.bootstrapFailed, "admin transaction expired");
}

/**
 * With an admin key: initializes the protocol when it is absent and lists this bundler's
 * authority as a relayer when it is not. Without one, only reports what is missing (an
 * operator runs add_relayer). Funds the fee payers first when airdrops are on.
 */
export async function bootstrap(d: BootstrapDeps): Promise<void> {
  await topUp(d);
  const admin = d.keys.admin;
  const authority = d.keys.authority.publicKey.toBase58();
  let protocol = await d.chain.protocol(true);
  if (!protocol && admin) {
    const signature = await sendAdmin(
      d,
      admin,
      podInstruction(
        "initialize",
        { limits: INITIAL_LIMITS },
        {
          payer: d.keys.feePayers.all()[0]!.publicKey,
          admin: admin.publicKey,
          protocol: pdas.protocol(),
        },
      ),
    ).catch(async (error: unknown) => {
      // Another instance may have initialized it meanwhile.
      if (await d.chain.protocol(true)) return undefined;
      throw error;
    });
    d.log.info(
      { event: "protocol_initialized", signature, limits: INITIAL_LIMITS },
      "protocol initialized",
    );
    protocol = await d.chain.protocol(true);
  }
  if (!protocol) {
    d.log.warn(
      { event: "protocol_missing" },
      "protocol not initialized; set BUNDLER_ADMIN_KEYPAIR",
    );
    return;
  }
  if (protocol.relayers.includes(authority)) return;
  if (!admin) {
    d.log.warn(
      { event: "authority_not_relayer", authority },
      "authority is not a listed relayer; the admin must add_relayer it",
    );
    return;
  }
  const signature = await sendAdmin(
    d,
    admin,
    podInstruction(
      "add_relayer",
      { relayer: d.keys.authority.publicKey },
      { admin: admin.publicKey, protocol: pdas.protocol() },
    ),
  ).catch(async (error: unknown) => {
    if ((await d.chain.protocol(true))?.relayers.includes(authority)) return undefined;
    throw error;
  });
  await d.chain.protocol(true);
  d.log.info({ event: "relayer_added", authority, signature }, "authority listed as a relayer");
}

/** Airdrops `airdropLamports` to each fee payer (and the authority) below the minimum. */
export async function topUp(d: BootstrapDeps): Promise<void> {
  if (d.airdropLamports === undefined) return;
  const keys = [...d.keys.feePayers.all().map((k) => k.publicKey), d.keys.authority.publicKey];
  await Promise.all(keys.map((key) => topUpOne(d, key, d.airdropLamports!)));
}

async function topUpOne(d: BootstrapDeps, key: PublicKey, lamports: number): Promise<void> {
  const balance = await d.pool.call("getBalance", (c) => c.getBalance(key));
  if (balance >= Math.max(d.minLamports, lamports / 2)) return;
  const signature = await d.pool.call("requestAirdrop", (c) => c.requestAirdrop(key, lamports));
  for (let i = 0; i < 50; i++) {
    const now = await d.pool.call("getBalance", (c) => c.getBalance(key));
    if (now > balance) {
      d.log.info({ event: "airdrop", key: key.toBase58(), lamports, signature }, "topped up");
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  d.log.warn({ event: "airdrop_unconfirmed", key: key.toBase58(), signature }, "airdrop not seen");
}
