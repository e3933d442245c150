#!/usr/bin/env node
// The workspace has no build step: load tsx's ESM hooks in this process, then run the
// TypeScript entry point. Nothing may be printed on stdout before it: that is the MCP channel.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
