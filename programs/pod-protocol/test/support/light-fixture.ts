import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { SvmHarness } from "@pod/svm";

// Light's programs and genesis accounts as the CLI's npm package ships them.
const require = createRequire(import.meta.url);
const cliDir = dirname(require.resolve("@lightprotocol/zk-compression-cli/package.json"));

const PROGRAMS: Record<string, string> = {
  noopb9bkMVfRPU8AsbpTUg8AQkHtKwMYZiFUjNRtMmV: "spl_noop.so",
  compr6CUsB5m2jS4Y3831ztGSTnDpnKJTKS95d64XVq: "account_compression.so",
  SySTEM1eSU2p4BGQfQpimFEWWSC1XDFeun3Nqzz3rT7: "light_system_program_pinocchio.so",
  Lighton6oQpVkeewmo2mcPTQQp7kYHr4fWpAgJyEmDX: "light_registry.so",
};

interface GenesisFile {
  pubkey: string;
  account: { lamports: number; data: [string, string]; owner: string; executable: boolean };
}

/** Loads Light's programs and every genesis account (trees, queues, registrations). */
export function loadLight(svm: SvmHarness): void {
  for (const [id, file] of Object.entries(PROGRAMS)) {
    svm.addProgramFromFile(id, join(cliDir, "bin", file));
  }
  const accountsDir = join(cliDir, "accounts");
  for (const name of readdirSync(accountsDir).filter((n) => n.endsWith(".json"))) {
    const file = JSON.parse(readFileSync(join(accountsDir, name), "utf8")) as GenesisFile;
    svm.setAccount(file.pubkey, {
      lamports: BigInt(file.account.lamports),
      data: Buffer.from(file.account.data[0], "base64"),
      owner: file.account.owner,
      executable: file.account.executable,
      rentEpoch: 0n,
    });
  }
}
