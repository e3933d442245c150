import { randomUUID } from "node:crypto";
import { link, mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { Keypair } from "@solana/web3.js";
import { CHAIN_ERROR_CODES, ChainError } from "./errors.js";

/** Reads a Solana CLI keypair file: a JSON array of the 64 secret-key bytes. */
export async function loadKeypairFile(path: string): Promise<Keypair> {
  let bytes: unknown;
  try {
    bytes = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new ChainError(CHAIN_ERROR_CODES.keypairInvalid, `${path}: not a readable JSON keypair`, {
      cause: error,
    });
  }
  if (
    !Array.isArray(bytes) ||
    bytes.length !== 64 ||
    !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)
  ) {
    throw new ChainError(
      CHAIN_ERROR_CODES.keypairInvalid,
      `${path}: expected a JSON array of 64 bytes`,
    );
  }
  try {
    return Keypair.fromSecretKey(Uint8Array.from(bytes as number[]));
  } catch (error) {
    throw new ChainError(
      CHAIN_ERROR_CODES.keypairInvalid,
      `${path}: secret and public key do not match`,
      {
        cause: error,
      },
    );
  }
}

/** The file name of keypair `index` in a directory made by loadOrCreateKeypairs. */
export function keypairFileName(index: number): string {
  return `keypair-${String(index).padStart(3, "0")}.json`;
}

/**
 * `count` keypairs from `dir` (keypair-000.json, keypair-001.json, ...), creating the missing
 * ones. A new file is written beside its name and linked in only if the name is still free,
 * so two processes starting at once end with the same keys, and a crash leaves no half file.
 */
export async function loadOrCreateKeypairs(dir: string, count: number): Promise<Keypair[]> {
  if (!Number.isInteger(count) || count < 1) {
    throw new ChainError(
      CHAIN_ERROR_CODES.configInvalid,
      `keypair count must be a positive integer, got ${count}`,
    );
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keypairs: Keypair[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, keypairFileName(i));
    const existing = await loadKeypairFile(path).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    keypairs.push(existing ?? (await createKeypairFile(path)));
  }
  return keypairs;
}

function isMissing(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return error instanceof ChainError && cause?.code === "ENOENT";
}

async function createKeypairFile(path: string): Promise<Keypair> {
  const keypair = Keypair.generate();
  const temp = `${path}.${randomUUID()}.tmp`;
  const file = await open(temp, "wx", 0o600);
  try {
    await file.writeFile(JSON.stringify(Array.from(keypair.secretKey)));
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    // link fails with EEXIST if another process created the name first: use theirs.
    await link(temp, path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
    await rm(temp, { force: true });
    return loadKeypairFile(path);
  }
  await rm(temp, { force: true });
  return keypair;
}
