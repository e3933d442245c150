import { describe } from "vitest";
import { toolScenario } from "./support/scenario.js";

describe("pod-mcp over streamable HTTP", () => toolScenario("http"));
