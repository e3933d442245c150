import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { FeePayers, loadKeypairFile, loadOrCreateKeypairs } from "@pod/chain";
import { Keypair } from "@solana/web3.js";
import type { BundlerConfig } from "./config.js";

/** The keys a bundler signs with: one relayer authority, several rotating fee payers. */
export interface BundlerKeys {
  authority: Keypair;
  feePayers: FeePayers;
  admin: Keypair | undefined;
}

/** Loads the keypair at `path`, creating it (Solana CLI format, owner-only) when missing. */
export async function loadOrCreateKeypair(path: string): Promise<Keypair> {
  try {
    return await loadKeypairFile(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const keypair = Keypair.generate();
  await mkdir(dirname(path), { recursive: true });
  try {
    // "wx": two instances starting at once must not overwrite each other's new key.
    await writeFile(path, JSON.stringify([...keypair.secretKey]), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return loadKeypairFile(path);
  }
  return keypair;
}

export async function loadBundlerKeys(config: BundlerConfig): Promise<BundlerKeys> {
  const authority = await loadOrCreateKeypair(config.authorityKeypair);
  const payers = await loadOrCreateKeypairs(config.feePayerDir, config.feePayers);
  const admin = config.adminKeypair ? await loadKeypairFile(config.adminKeypair) : undefined;
  return { authority, feePayers: new FeePayers(payers), admin };
}

function isMissing(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return true;
  }
  return false;
}
