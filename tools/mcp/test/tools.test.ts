import { describe } from "vitest";
import { toolScenario, useStack } from "./support/scenario.js";

// One system for both transports: each gets its own two agents, servers and key files.
const system = useStack();

describe("pod-mcp over stdio (StdioClientTransport)", () => toolScenario("stdio", system));
describe("pod-mcp over streamable HTTP (StreamableHTTPClientTransport)", () =>
  toolScenario("http", system));
