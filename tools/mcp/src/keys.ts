import { loadKeypair, loadOrCreateKeypair } from "@pod/sdk";
import type { Keypair } from "@pod/protocol";
import { KeyFileMissingError } from "./errors.js";

/**
 * The agent's key from its file. A missing file is an error unless `create` is set: a typo in
 * a path must not silently give the agent a new identity.
 */
export async function agentKeypair(path: string, create: boolean): Promise<Keypair> {
  if (create) return loadOrCreateKeypair(path);
  try {
    return await loadKeypair(path);
  } catch (error) {
    const missing = (error as { cause?: { code?: string } }).cause?.code === "ENOENT";
    if (missing) throw new KeyFileMissingError(path);
    throw error;
  }
}
