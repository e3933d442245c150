import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { formatKeypairFile, generateKeypair, parseKeypairFile, type Keypair } from "@pod/protocol";
import { KeypairFileError } from "./errors.js";

/** Reads a Solana keypair file (a JSON array of 64 bytes, as `solana-keygen` writes). */
export async function loadKeypair(path: string): Promise<Keypair> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new KeypairFileError(path, (cause as Error).message, { cause });
  }
  try {
    return parseKeypairFile(text);
  } catch (cause) {
    throw new KeypairFileError(path, (cause as Error).message, { cause });
  }
}

/**
 * The keypair in `path`, or a new one written there (mode 0600, parent directories created)
 * when the file does not exist. The `wx` flag makes a concurrent creator lose cleanly: the
 * loser reads the winner's key instead of overwriting it.
 */
export async function loadOrCreateKeypair(path: string): Promise<Keypair> {
  try {
    return await loadKeypair(path);
  } catch (error) {
    const missing = (error as { cause?: { code?: string } }).cause?.code === "ENOENT";
    if (!missing) throw error;
  }
  const keypair = generateKeypair();
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, formatKeypairFile(keypair), { mode: 0o600, flag: "wx" });
  } catch (cause) {
    if ((cause as { code?: string }).code === "EEXIST") return loadKeypair(path);
    throw new KeypairFileError(path, (cause as Error).message, { cause });
  }
  return keypair;
}
