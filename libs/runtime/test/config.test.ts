import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, envInt, loadConfig, serviceConfigSchema, envUrl } from "../src/index.js";

const schema = serviceConfigSchema(
  { service: "sample", httpPort: 8089 },
  z.object({ MAX_RECORD_BYTES: envInt(1, 1024), CHAIN_RPC_URL: envUrl(["http", "https"]) }),
);

function problemsFor(env: Record<string, string>) {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("loadConfig accepted an invalid environment");
}

describe("config", () => {
  it("config - applies the common defaults and the service's own variables", () => {
    const config = loadConfig(schema, {
      MAX_RECORD_BYTES: "512",
      CHAIN_RPC_URL: "http://127.0.0.1:8899",
    });
    expect(config.NATS_URL).toEqual(["nats://127.0.0.1:4222"]);
    expect(config.SERVICE_HTTP_PORT).toBe(8089);
    expect(config.OTEL_SERVICE_NAME).toBe("sample");
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.MAX_RECORD_BYTES).toBe(512);
  });

  it("config - lists every problem at once, each with its variable and rule", () => {
    const problems = problemsFor({
      NATS_URL: "http://127.0.0.1:4222",
      SERVICE_HTTP_PORT: "70000",
      LOG_LEVEL: "loud",
      SHUTDOWN_GRACE_MS: "soon",
      OTEL_EXPORTER_OTLP_ENDPOINT: "collector",
      MAX_RECORD_BYTES: "4096",
    });
    expect(problems.map((p) => p.variable).sort()).toEqual(
      [
        "CHAIN_RPC_URL",
        "LOG_LEVEL",
        "MAX_RECORD_BYTES",
        "NATS_URL",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "SERVICE_HTTP_PORT",
        "SHUTDOWN_GRACE_MS",
      ].sort(),
    );
    const rule = (v: string) => problems.find((p) => p.variable === v)?.rule;
    expect(rule("CHAIN_RPC_URL")).toBe("is required");
    expect(rule("SERVICE_HTTP_PORT")).toBe("must be a whole number between 0 and 65535");
    expect(rule("LOG_LEVEL")).toMatch(/^must be one of: fatal, error, warn, info/);
    expect(rule("NATS_URL")).toMatch(/scheme nats or tls/);
  });

  it("config - treats an empty or blank variable as unset", () => {
    const config = loadConfig(schema, {
      MAX_RECORD_BYTES: "8",
      CHAIN_RPC_URL: "https://rpc.invalid",
      LOG_LEVEL: "",
      OTEL_EXPORTER_OTLP_ENDPOINT: "  ",
      SERVICE_HTTP_PORT: "",
    });
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.SERVICE_HTTP_PORT).toBe(8089);
    expect(problemsFor({ MAX_RECORD_BYTES: "", CHAIN_RPC_URL: "http://x" })).toEqual([
      { variable: "MAX_RECORD_BYTES", rule: "is required" },
    ]);
  });

  it("config - never puts a variable's value into the error", () => {
    try {
      loadConfig(schema, { MAX_RECORD_BYTES: "hunter2-secret", CHAIN_RPC_URL: "x-secret" });
      expect.unreachable();
    } catch (error) {
      const e = error as ConfigError;
      expect(e.code).toBe("CONFIG_INVALID");
      expect(JSON.stringify(e.problems) + e.message).not.toContain("secret");
    }
  });
});
