import { isBase58OfLength } from "@pod/protocol";
import type { Command } from "commander";
import { display, label, plainAccount } from "../accounts.js";
import { Context } from "../context.js";
import { notFound, usageError } from "../errors.js";
import { submitAndReport } from "../submit.js";

/** `pod agent register|show|update`. */
export function registerAgentCommands(program: Command): void {
  const agent = program.command("agent").description("register, inspect or update an agent");

  agent
    .command("register")
    .description("register this keypair as an agent")
    .option("--capabilities <u64>", "capability bitmap (decimal)", "0")
    .option("--metadata-uri <uri>", "where the agent describes itself", "")
    .action(async (opts: { capabilities: string; metadataUri: string }, command: Command) => {
      const ctx = Context.of(command);
      const capabilities = u64(opts.capabilities);
      const keypair = await ctx.keypair();
      await submitAndReport(
        ctx,
        "register",
        (client, o) => client.registerAgent({ capabilities, metadataUri: opts.metadataUri }, o),
        { agent: keypair.address },
      );
    });

  agent
    .command("update")
    .description("change this agent's capabilities or metadata URI")
    .option("--capabilities <u64>", "new capability bitmap (decimal)")
    .option("--metadata-uri <uri>", "new metadata URI")
    .action(async (opts: { capabilities?: string; metadataUri?: string }, command: Command) => {
      const ctx = Context.of(command);
      if (opts.capabilities === undefined && opts.metadataUri === undefined) {
        throw usageError("agent update needs --capabilities and/or --metadata-uri");
      }
      const args = {
        ...(opts.capabilities !== undefined ? { capabilities: u64(opts.capabilities) } : {}),
        ...(opts.metadataUri !== undefined ? { metadataUri: opts.metadataUri } : {}),
      };
      const keypair = await ctx.keypair();
      await submitAndReport(ctx, "update", (client, o) => client.updateAgent(args, o), {
        agent: keypair.address,
      });
    });

  agent
    .command("show")
    .description("an agent's account on chain (default: this keypair's)")
    .argument("[pubkey]", "the agent's address")
    .action(async (pubkey: string | undefined, _opts: object, command: Command) => {
      const ctx = Context.of(command);
      const address = pubkey ?? (await ctx.keypair()).address;
      if (!isBase58OfLength(address, 32)) throw usageError(`"${address}" is not an agent address`);
      const client = await ctx.podClient({ reader: true });
      const account = await client.getAgent(address);
      if (!account) throw notFound(`agent ${address} is not registered`);
      const fields = plainAccount(account);
      if (ctx.out.json) return ctx.out.data({ agent: address, account: fields });
      ctx.out.fields([
        ["agent", ctx.out.color.bold(address)],
        ...Object.entries(fields)
          .filter(([k]) => k !== "agent")
          .map(([k, v]) => [label(k), display(v, k)] as [string, string]),
      ]);
    });
}

function u64(text: string): string {
  if (!/^\d{1,20}$/.test(text) || BigInt(text) >= 1n << 64n) {
    throw usageError(`--capabilities must be a u64 in decimal, got "${text}"`);
  }
  return text;
}
