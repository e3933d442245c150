import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "./support/servers.js";

const dir = mkdtempSync(join(tmpdir(), "pod-mcp-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, POD_KEYPAIR: "", LOG_LEVEL: "" },
  });
}

describe("pod-mcp command", () => {
  it("cli - a missing key file is an error naming --create-key, and nothing reaches stdout", () => {
    const missing = join(dir, "nope", "id.json");
    const r = run(["--keypair", missing, "--nats-url", "nats://127.0.0.1:1"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const line = JSON.parse(r.stderr.trim().split("\n").at(-1)!) as Record<string, string>;
    expect(line).toMatchObject({ code: "KEY_FILE_MISSING", msg: "cannot start" });
    expect(line.reason).toContain("--create-key");
  });

  it("cli - HTTP on a non-loopback address without --allowed-host is refused", () => {
    const r = run(["--http", "--host", "0.0.0.0", "--keypair", join(dir, "k.json")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("UNSAFE_BIND");
  });

  it("cli - --help lists the transports and the system's addresses", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    for (const flag of ["--stdio", "--http", "--port", "--keypair", "--create-key", "--nats-url"]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
