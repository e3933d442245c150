import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { formatKeypairFile, generateKeypair } from "@pod/protocol";
import type { Command } from "commander";
import { Context } from "../context.js";
import { CliError, EXIT } from "../errors.js";

/** `pod keygen`: a new agent key in a Solana keypair file (mode 0600). */
export function registerKeygen(program: Command): void {
  program
    .command("keygen")
    .description("create a new agent keypair file")
    .option("--out <file>", "where to write it (default: the --keypair path)")
    .option("--force", "overwrite an existing file")
    .action(async (opts: { out?: string; force?: boolean }, command: Command) => {
      const ctx = Context.of(command);
      const path = resolve(opts.out ?? ctx.config.keypairPath);
      const keypair = generateKeypair();
      await mkdir(dirname(path), { recursive: true });
      try {
        // `wx` refuses to replace a key by accident: a lost key is a lost identity.
        await writeFile(path, formatKeypairFile(keypair), {
          mode: 0o600,
          flag: opts.force ? "w" : "wx",
        });
      } catch (error) {
        if ((error as { code?: string }).code === "EEXIST") {
          throw new CliError(
            "KEYPAIR_EXISTS",
            `${path} already exists (pass --force to replace it)`,
            EXIT.keypair,
          );
        }
        throw new CliError("KEYPAIR_FILE", `${path}: ${(error as Error).message}`, EXIT.keypair);
      }
      if (ctx.out.json) return ctx.out.data({ agent: keypair.address, path });
      ctx.out.fields([
        ["agent", ctx.out.color.bold(keypair.address)],
        ["file", path],
      ]);
    });
}
