import { isBase58OfLength } from "@pod/protocol";
import type { Command } from "commander";
import { Context } from "../context.js";
import { usageError } from "../errors.js";
import { readMessage } from "../input.js";
import { submitAndReport } from "../submit.js";

/** `pod send <agent> <text|@file>`: a direct message. */
export function registerSend(program: Command): void {
  program
    .command("send")
    .description("send a direct message to an agent")
    .argument("<agent>", "the recipient's address")
    .argument("<message>", "the text, or @file (@- reads stdin)")
    .option(
      "--content-type <type>",
      "MIME type (default text/plain, or octet-stream for binary files)",
    )
    .action(
      async (to: string, message: string, opts: { contentType?: string }, command: Command) => {
        const ctx = Context.of(command);
        if (!isBase58OfLength(to, 32)) throw usageError(`"${to}" is not an agent address`);
        const input = await readMessage(message, opts.contentType);
        const result = await submitAndReport(
          ctx,
          "send",
          (client, o) => client.sendDirect({ to, ...input }, o),
          { to },
        );
        if (!ctx.out.json) ctx.out.fields([["message id", result.receipt.requestKey]]);
      },
    );
}
