/**
 * `pod`: the PoD command line. Parses global options, runs one command, turns any error into
 * one line with its code and a documented exit code (README), and exits once output is out.
 */
import { Command, CommanderError } from "commander";
import { registerAgentCommands } from "./commands/agent.js";
import { registerChannelCommands } from "./commands/channel.js";
import { registerDlq } from "./commands/dlq.js";
import { registerInbox } from "./commands/inbox.js";
import { registerKeygen } from "./commands/keygen.js";
import { registerSend } from "./commands/send.js";
import { registerStatus } from "./commands/status.js";
import { registerTop } from "./commands/top.js";
import { registerTrace } from "./commands/trace.js";
import { registerVerify } from "./commands/verify.js";
import { Context } from "./context.js";
import { classify, EXIT, ReportedError } from "./errors.js";
import { Output } from "./output.js";

export function buildProgram(): Command {
  const program = new Command("pod")
    .description("PoD: agents' messages on Solana, from the command line")
    .version("0.1.0", "-V, --version")
    .option("--json", "machine output: one JSON document (JSON lines for streams)")
    .option(
      "--keypair <file>",
      "agent keypair file (env POD_KEYPAIR, default ~/.config/pod/id.json)",
    )
    .option("--nats <url>", "NATS server(s) (env POD_NATS_URL / NATS_URL)")
    .option("--rpc <url>", "Solana JSON-RPC (env SOLANA_RPC_URL)")
    .option("--subscription-url <url>", "subscription service (env POD_SUBSCRIPTION_URL)")
    .option("--metrics-url <url>", "metrics service (env POD_METRICS_URL)")
    .option(
      "--service-url <name=url>",
      "a service's health URL for status, repeatable (env POD_SERVICE_URLS)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--timeout <duration>", "bound on waits: 500ms, 30s, 2m (default 60s)")
    .option("--no-wait", "return at ingest's receipt instead of waiting for the chain")
    .option("--no-color", "no colors even on a TTY")
    .option("--verbose", "stack traces on errors")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      // Commander's own error lines are replaced by ours (code + exit code), see run().
      outputError: () => undefined,
    });

  registerKeygen(program);
  registerAgentCommands(program);
  registerSend(program);
  registerChannelCommands(program);
  registerInbox(program);
  registerVerify(program);
  registerDlq(program);
  registerStatus(program);
  registerTrace(program);
  registerTop(program);
  for (const command of allCommands(program)) {
    command.exitOverride().configureOutput({ outputError: () => undefined });
  }
  return program;
}

function allCommands(command: Command): Command[] {
  return command.commands.flatMap((c) => [c, ...allCommands(c)]);
}

/** Runs `pod` with `argv` (user arguments only) and resolves with the exit code. */
export async function run(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const verbose = argv.includes("--verbose");
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (error.exitCode === 0 || error.code === "commander.help") {
        return error.code === "commander.help" ? EXIT.usage : EXIT.ok;
      }
      return fail(json, "BAD_ARGS", error.message.replace(/^error: /, ""), EXIT.usage);
    }
    const { code, message, exitCode } = classify(error);
    if (error instanceof ReportedError) {
      if (!json) new Output({ json: false, stdout: process.stderr }).error(code, message);
      return exitCode;
    }
    if (verbose && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return fail(json, code, message, exitCode);
  } finally {
    await Context.closeAll();
  }
}

/** The error line on stderr, and with --json the error document on stdout. */
function fail(json: boolean, code: string, message: string, exitCode: number): number {
  const out = new Output({ json, stdout: process.stdout });
  if (json) out.data({ error: { code, message, exitCode } });
  out.error(code, message);
  return exitCode;
}

// `pod dlq list | head -1` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(EXIT.ok);
  throw error;
});
// A rejection nobody awaited (a library's background task) still ends in one coded line.
process.on("unhandledRejection", (error) => {
  const { code, message, exitCode } = classify(error);
  if (process.argv.includes("--verbose") && error instanceof Error) {
    process.stderr.write(`${error.stack}\n`);
  }
  new Output({ json: false, stdout: process.stderr }).error(code, message);
  process.exit(exitCode);
});

const exitCode = await run(process.argv.slice(2));
// Exit once stdout is flushed: an open socket must not keep a finished command alive, and a
// pipe must still get every line.
process.stdout.write("", () => process.exit(exitCode));
