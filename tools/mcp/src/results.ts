import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { RejectedError, RecordFailedError } from "@pod/sdk";

/** A tool's failure as the agent reads it: the stable code first, then why. */
export interface ToolFailure {
  code: string;
  reason: string;
  field?: string;
}

/** A successful result: the structured value (checked against the output schema) and its text. */
export function success(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/** What an error becomes for the agent; never the stack, never anything from the key. */
export function failureOf(error: unknown): ToolFailure {
  if (error instanceof RejectedError) {
    return {
      code: error.code,
      reason: error.reason,
      ...(error.field ? { field: error.field } : {}),
    };
  }
  if (error instanceof RecordFailedError) {
    return { code: error.failureCode, reason: error.reason };
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof Error && typeof code === "string") return { code, reason: error.message };
  return { code: "INTERNAL", reason: error instanceof Error ? error.message : String(error) };
}

/**
 * An error result (isError), not a protocol error: the model sees it and can act on the code.
 * No structuredContent: clients check it against the success schema even on errors.
 */
export function failure(f: ToolFailure): CallToolResult {
  const line = `${f.code}: ${f.reason}${f.field ? ` (field ${f.field})` : ""}`;
  return {
    isError: true,
    content: [
      { type: "text", text: line },
      { type: "text", text: JSON.stringify({ error: f }) },
    ],
  };
}
