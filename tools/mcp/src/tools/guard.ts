import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolContext } from "../context.js";
import { failure, failureOf, success } from "../results.js";

/** What a tool body returns: the structured value and its text rendering. */
export interface ToolOutput {
  data: Record<string, unknown>;
  text: string;
}

/**
 * Runs one tool call: its result, or its error as an isError result carrying the code. One
 * log line per call (tool, outcome, duration); arguments are not logged, they may be private.
 */
export async function guarded(
  ctx: ToolContext,
  tool: string,
  run: () => Promise<ToolOutput>,
): Promise<CallToolResult> {
  const started = Date.now();
  try {
    const out = await run();
    ctx.log.info({ tool, ms: Date.now() - started }, "tool call");
    return success(out.data, out.text);
  } catch (error) {
    const f = failureOf(error);
    const level = f.code === "INTERNAL" ? "error" : "info";
    ctx.log[level]({ tool, code: f.code, ms: Date.now() - started }, "tool call failed");
    return failure(f);
  }
}
