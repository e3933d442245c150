import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
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
 * when the file does not exist. The key is written to a private temporary file and linked into
 * place, which fails when the path exists: a concurrent creator loses cleanly and reads the
 * winner's key, and nobody ever reads a half-written file.
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
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, formatKeypairFile(keypair), { mode: 0o600, flag: "wx" });
    await link(temporary, path);
  } catch (cause) {
    if ((cause as { code?: string }).code === "EEXIST") return loadKeypair(path);
    throw new KeypairFileError(path, (cause as Error).message, { cause });
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return keypair;
}
