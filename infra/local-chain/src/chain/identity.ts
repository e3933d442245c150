import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import bs58 from "bs58";
import { LedgerIoError } from "../ledger/errors.js";

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
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(identity));
    const fd = openSync(`${path}.tmp`, "r");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(`${path}.tmp`, path);
  } catch (cause) {
    throw new LedgerIoError(path, "write", cause);
  }
  return identity;
}
