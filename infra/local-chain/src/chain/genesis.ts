import { existsSync } from "node:fs";
import { loadLight } from "@pod/light";
import type { SvmHarness } from "@pod/svm";

/** The PoD program's id, as in Anchor.toml and the program's own declaration. */
export const POD_PROGRAM_ID = "9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq";

export interface ProgramSpec {
  programId: string;
  path: string;
}

export interface GenesisOptions {
  /** Path of the PoD program's .so; loaded when the file exists. */
  podProgramPath: string;
  /** Load Light Protocol's programs and V1/V2 genesis accounts. */
  light: boolean;
  programs: ProgramSpec[];
}

export interface GenesisReport {
  pod: "loaded" | "missing";
  light: { programs: string[]; accounts: number } | null;
  programs: string[];
}

/** Loads the programs and accounts a fresh or restarted chain starts from. */
export function loadGenesis(harness: SvmHarness, options: GenesisOptions): GenesisReport {
  let pod: GenesisReport["pod"] = "missing";
  if (existsSync(options.podProgramPath)) {
    harness.addProgramFromFile(POD_PROGRAM_ID, options.podProgramPath);
    pod = "loaded";
  }
  const light = options.light ? loadLight(harness.svm) : null;
  for (const p of options.programs) harness.addProgramFromFile(p.programId, p.path);
  return { pod, light, programs: options.programs.map((p) => p.programId) };
}
