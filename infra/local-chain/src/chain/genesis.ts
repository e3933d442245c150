import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Keypair } from "@solana/web3.js";
import { loadLight } from "@pod/light";
import type { SvmHarness } from "@pod/svm";
import { loadOrCreateKeypair } from "./identity.js";

/** The PoD program's id, as in Anchor.toml and the program's own declaration. */
export const POD_PROGRAM_ID = "9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq";
const POD_KEYPAIR_FILE = "pod_protocol-keypair.json";
/** Lamports given to the PoD upgrade authority at each start, beyond the deployment's rent. */
const AUTHORITY_FUNDING = 100_000_000_000n;

export interface ProgramSpec {
  programId: string;
  path: string;
}

export interface GenesisOptions {
  /** Path of the PoD program's .so; loaded when the file exists. */
  podProgramPath: string;
  /** Keypair file of the PoD program's upgrade authority (created when missing). */
  podAuthorityPath: string;
  /** Load Light Protocol's programs and V1/V2 genesis accounts. */
  light: boolean;
  programs: ProgramSpec[];
}

export interface GenesisReport {
  /** "deployed": through the upgradeable loader; "loaded": placed without an authority. */
  pod: "deployed" | "loaded" | "missing";
  podUpgradeAuthority: string | null;
  light: { programs: string[]; accounts: number } | null;
  programs: string[];
}

function readKeypair(path: string): Keypair {
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(path, "utf8")) as number[]));
}

/**
 * Loads the programs and accounts a fresh or restarted chain starts from. The PoD program is
 * deployed through the upgradeable loader when its program keypair lies beside the .so, so
 * the loader's checks run and its ProgramData names an upgrade authority the program's
 * `initialize` can check; otherwise it is placed at its id without one.
 */
export function loadGenesis(harness: SvmHarness, options: GenesisOptions): GenesisReport {
  let pod: GenesisReport["pod"] = "missing";
  let podUpgradeAuthority: string | null = null;
  if (existsSync(options.podProgramPath)) {
    const keypairPath = join(dirname(options.podProgramPath), POD_KEYPAIR_FILE);
    if (existsSync(keypairPath)) {
      const bytes = readFileSync(options.podProgramPath);
      const authority = loadOrCreateKeypair(options.podAuthorityPath);
      const rent = harness.minimumBalanceForRentExemption(bytes.length * 2 + 1024);
      harness.airdrop(authority.publicKey.toBase58(), rent + AUTHORITY_FUNDING);
      harness.deployUpgradeable(readKeypair(keypairPath), bytes, authority);
      podUpgradeAuthority = authority.publicKey.toBase58();
      pod = "deployed";
    } else {
      harness.addProgramFromFile(POD_PROGRAM_ID, options.podProgramPath);
      pod = "loaded";
    }
  }
  const light = options.light ? loadLight(harness.svm) : null;
  for (const p of options.programs) harness.addProgramFromFile(p.programId, p.path);
  return { pod, podUpgradeAuthority, light, programs: options.programs.map((p) => p.programId) };
}
