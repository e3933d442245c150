// The public face of @pod/mcp: start the server from code (tests, embedding) or run main.ts.
export { buildCommand, DEFAULTS, parseConfig, type McpConfig } from "./config.js";
export { SeenMessages, type ToolContext } from "./context.js";
export { createPodMcpServer, SERVER_NAME, SERVER_VERSION } from "./server.js";
export { startServer, type StartedServer } from "./start.js";
export { MCP_PATH, serveHttp } from "./transports/http.js";
export { serveStdio } from "./transports/stdio.js";
export { KeyFileMissingError, McpServerError, UnsafeBindError } from "./errors.js";
