import { describe, expect, it } from "vitest";
import { EXIT_CONFIG } from "../src/index.js";
import { spawnService } from "../src/testing/index.js";
import { RELAY_SERVICE } from "./helpers.js";

describe("config at process start", () => {
  it("config - a service with a bad environment exits 78 and names every problem", async () => {
    const service = spawnService({
      entry: RELAY_SERVICE,
      env: {
        NATS_URL: "http://127.0.0.1:4222",
        SERVICE_HTTP_PORT: "eighty",
        LOG_LEVEL: "loud",
        RELAY_HOLD_MS: "-5",
        RELAY_STAGE: undefined,
        OTEL_EXPORTER_OTLP_ENDPOINT: "",
      },
    });
    const exit = await service.exited;
    expect(exit.code, service.output()).toBe(EXIT_CONFIG);

    const lines = service.lines.filter((l) => l.event === "config_invalid");
    expect(lines, service.output()).toHaveLength(1);
    const line = lines[0]!;
    expect(line.level).toBe("error");
    expect(line.service).toBe("ingest");
    const problems = line.problems as { variable: string; rule: string }[];
    expect(problems.map((p) => p.variable).sort()).toEqual([
      "LOG_LEVEL",
      "NATS_URL",
      "RELAY_HOLD_MS",
      "RELAY_STAGE",
      "SERVICE_HTTP_PORT",
    ]);
    expect(problems.find((p) => p.variable === "RELAY_STAGE")?.rule).toBe("is required");
    expect(problems.find((p) => p.variable === "RELAY_HOLD_MS")?.rule).toBe(
      "must be a whole number between 0 and 60000",
    );
    // Nothing else was started: no lifecycle transition was logged.
    expect(service.lines.some((l) => l.event === "lifecycle")).toBe(false);
  });
});
