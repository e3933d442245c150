import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import bs58 from "bs58";
import { Keypair } from "@solana/web3.js";
import { LedgerIoError } from "../errors.js";

/** Values fixed when a ledger is created: what getGenesisHash and getIdentity report. */
export interface ChainIdentity {
  genesisHash: string;
  identity: string;
}

/** Reads the ledger's identity, creating it durably on first start. */
export function loadIdentity(dir: string): ChainIdentity {
  const path = join(dir, "identity.json");
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ChainIdentity;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new LedgerIoError(path, "read", cause);
    }
  }
  const identity: ChainIdentity = {
    genesisHash: bs58.encode(randomBytes(32)),
    identity: bs58.encode(randomBytes(32)),
  };
  writeDurably(path, JSON.stringify(identity));
  return identity;
}

/** A keypair file in the solana CLI's format, created durably (mode 600) when missing. */
export function loadOrCreateKeypair(path: string): Keypair {
  try {
    const secret = JSON.parse(readFileSync(path, "utf8")) as number[];
    return Keypair.fromSecretKey(Uint8Array.from(secret));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new LedgerIoError(path, "read", cause);
    }
  }
  const keypair = Keypair.generate();
  writeDurably(path, JSON.stringify([...keypair.secretKey]));
  return keypair;
}

function writeDurably(path: string, text: string): void {
  try {
    writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
    const fd = openSync(`${path}.tmp`, "r");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(`${path}.tmp`, path);
  } catch (cause) {
    throw new LedgerIoError(path, "write", cause);
  }
}
