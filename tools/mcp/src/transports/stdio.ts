import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { ToolContext } from "../context.js";
import { createPodMcpServer } from "../server.js";

export interface Running {
  /** Resolves when the client went away (stdin ended) or close() was called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Serves one client over stdin/stdout: JSON-RPC lines on stdout, nothing else there. */
export async function serveStdio(ctx: ToolContext): Promise<Running> {
  const server = createPodMcpServer(ctx);
  const transport = new StdioServerTransport();
  let done!: () => void;
  const closed = new Promise<void>((resolve) => (done = resolve));
  transport.onclose = () => done();
  // The transport does not watch for end of input: a client that closes our stdin is gone.
  process.stdin.once("end", () => done());
  await server.connect(transport);
  ctx.log.info({ transport: "stdio", agent: ctx.client.agent }, "serving");
  return {
    closed,
    close: async () => {
      await server.close();
      done();
    },
  };
}
