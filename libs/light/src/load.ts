import { address, lamports, type Address } from "@solana/kit";
import type { LiteSVM } from "litesvm";
import type { PublicKey } from "@solana/web3.js";
import { lightGenesis, type LightProgramName } from "./genesis.js";

export interface LoadLightOptions {
  /** Programs to load; all five by default. */
  programs?: readonly LightProgramName[];
  /** Only load genesis accounts for which this returns true; all by default. */
  accountFilter?: (address: PublicKey, file: string) => boolean;
}

export interface LoadedLight {
  programs: LightProgramName[];
  accounts: number;
}

/**
 * Loads Light's programs at their ids and its genesis accounts, as shipped, into `target`
 * (a LiteSVM, or a harness that exposes its LiteSVM as `svm`).
 */
export function loadLight(
  target: LiteSVM | { svm: LiteSVM },
  opts: LoadLightOptions = {},
): LoadedLight {
  const svm = "svm" in target ? target.svm : target;
  const genesis = lightGenesis();
  const wanted = opts.programs ? new Set(opts.programs) : undefined;
  const programs: LightProgramName[] = [];
  for (const program of genesis.programs) {
    if (wanted && !wanted.has(program.name)) continue;
    svm.addProgramFromFile(kitAddress(program.programId), program.soPath);
    programs.push(program.name);
  }

  let accounts = 0;
  for (const entry of genesis.accounts) {
    if (opts.accountFilter && !opts.accountFilter(entry.address, entry.file)) continue;
    const { account } = entry;
    svm.setAccount({
      address: kitAddress(entry.address),
      // A copy: LiteSVM keeps what it is given, and the cached genesis must stay pristine.
      data: new Uint8Array(account.data),
      executable: account.executable,
      lamports: lamports(account.lamports),
      programAddress: kitAddress(account.owner),
      space: BigInt(account.data.length),
    });
    accounts += 1;
  }
  return { programs, accounts };
}

/** A web3.js key as a kit address, for LiteSVM's API. */
export function kitAddress(key: PublicKey): Address {
  return address(key.toBase58());
}
