import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Structured logs on stderr only: over stdio, stdout is the MCP channel and one stray byte
 * there breaks the client's framing. Synchronous writes so that nothing is lost on exit.
 */
export function createLogger(level: string): Logger {
  return pino(
    { name: "pod-mcp", level, base: { pid: process.pid } },
    pino.destination({ fd: 2, sync: true }),
  );
}
