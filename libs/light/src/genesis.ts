import { accessSync, constants, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PublicKey } from "@solana/web3.js";
import { LightArtifactMissingError, LightGenesisFormatError } from "./errors.js";
import {
  ACCOUNT_COMPRESSION_PROGRAM_ID,
  LIGHT_COMPRESSED_TOKEN_PROGRAM_ID,
  LIGHT_REGISTRY_PROGRAM_ID,
  LIGHT_SYSTEM_PROGRAM_ID,
  NOOP_PROGRAM_ID,
} from "./ids.js";

export type LightProgramName =
  | "noop"
  | "light_system_program"
  | "account_compression"
  | "light_registry"
  | "light_compressed_token";

export interface LightProgram {
  name: LightProgramName;
  programId: PublicKey;
  soPath: string;
}

/** One account as Light's test validator loads it from the CLI package's account dir. */
export interface LightGenesisAccount {
  address: PublicKey;
  /** The file it came from, inside the CLI package. */
  file: string;
  account: {
    lamports: bigint;
    data: Uint8Array;
    owner: PublicKey;
    executable: boolean;
    rentEpoch: bigint;
  };
}

export interface LightGenesis {
  cliVersion: string;
  programs: LightProgram[];
  accounts: LightGenesisAccount[];
}

// The program files the CLI's own test validator loads, by the ids it loads them at.
const PROGRAM_FILES: ReadonlyArray<[LightProgramName, PublicKey, string]> = [
  ["noop", NOOP_PROGRAM_ID, "spl_noop.so"],
  ["light_system_program", LIGHT_SYSTEM_PROGRAM_ID, "light_system_program_pinocchio.so"],
  ["light_compressed_token", LIGHT_COMPRESSED_TOKEN_PROGRAM_ID, "light_compressed_token.so"],
  ["account_compression", ACCOUNT_COMPRESSION_PROGRAM_ID, "account_compression.so"],
  ["light_registry", LIGHT_REGISTRY_PROGRAM_ID, "light_registry.so"],
];

/** The installed @lightprotocol/zk-compression-cli package directory. */
export function lightCliDir(): string {
  const require = createRequire(import.meta.url);
  const manifest = "@lightprotocol/zk-compression-cli/package.json";
  try {
    return dirname(require.resolve(manifest));
  } catch (cause) {
    throw new LightArtifactMissingError(manifest, { cause });
  }
}

let cached: LightGenesis | undefined;

/**
 * Light's programs (id and .so path) and genesis accounts exactly as the CLI package ships
 * them; parsed once per process. Where two files hold the same address, the file whose name
 * sorts last wins and the result holds one entry per address.
 */
export function lightGenesis(): LightGenesis {
  if (cached) return cached;
  const dir = lightCliDir();
  const cliVersion = readVersion(dir);
  const programs = PROGRAM_FILES.map(([name, programId, file]) => {
    const soPath = join(dir, "bin", file);
    assertReadable(soPath);
    return { name, programId, soPath };
  });
  cached = { cliVersion, programs, accounts: readAccounts(join(dir, "accounts")) };
  return cached;
}

function readVersion(dir: string): string {
  const path = join(dir, "package.json");
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch (cause) {
    throw new LightArtifactMissingError(path, { cause });
  }
}

function assertReadable(path: string): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (cause) {
    throw new LightArtifactMissingError(path, { cause });
  }
}

function readAccounts(dir: string): LightGenesisAccount[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (cause) {
    throw new LightArtifactMissingError(dir, { cause });
  }
  const byAddress = new Map<string, LightGenesisAccount>();
  for (const file of files.sort()) {
    const entry = parseAccountFile(join(dir, file));
    byAddress.set(entry.address.toBase58(), entry);
  }
  return [...byAddress.values()];
}

interface AccountFileJson {
  pubkey?: unknown;
  account?: {
    lamports?: unknown;
    data?: unknown;
    owner?: unknown;
    executable?: unknown;
    rentEpoch?: unknown;
  };
}

function parseAccountFile(path: string): LightGenesisAccount {
  let json: AccountFileJson;
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as AccountFileJson;
  } catch (cause) {
    throw new LightGenesisFormatError(path, "not JSON", { cause });
  }
  const a = json.account;
  if (typeof json.pubkey !== "string" || !a) {
    throw new LightGenesisFormatError(path, "missing pubkey or account");
  }
  const data = a.data;
  if (!Array.isArray(data) || data[1] !== "base64" || typeof data[0] !== "string") {
    throw new LightGenesisFormatError(path, "data is not [base64, 'base64']");
  }
  if (typeof a.lamports !== "number" || typeof a.owner !== "string") {
    throw new LightGenesisFormatError(path, "lamports or owner missing");
  }
  try {
    return {
      address: new PublicKey(json.pubkey),
      file: path,
      account: {
        // JSON numbers above 2^53 lose precision; lamports of these files stay far below it.
        lamports: BigInt(a.lamports),
        data: new Uint8Array(Buffer.from(data[0], "base64")),
        owner: new PublicKey(a.owner),
        executable: a.executable === true,
        rentEpoch: rentEpochOf(a.rentEpoch),
      },
    };
  } catch (cause) {
    throw new LightGenesisFormatError(path, "invalid key or number", { cause });
  }
}

const U64_MAX = 2n ** 64n - 1n;

// The files write u64::MAX ("rent exempt forever") as a JSON number that rounds past 2^64.
function rentEpochOf(value: unknown): bigint {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) return 0n;
  return value >= 2 ** 64 ? U64_MAX : BigInt(Math.trunc(value));
}
