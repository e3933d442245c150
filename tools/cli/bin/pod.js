#!/usr/bin/env node
// The package's bin: loads the TypeScript entry point through tsx (no build step here).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
