import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "libs/*/test/**/*.test.ts",
      "services/*/test/**/*.test.ts",
      "programs/*/test/**/*.test.ts",
      "infra/*/test/**/*.test.ts",
      "tools/*/test/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: files run in parallel, each test file owns its servers on random ports.
    fileParallelism: true,
    maxWorkers: 2,
    pool: "forks",
  },
});
