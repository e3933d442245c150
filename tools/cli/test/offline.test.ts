import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { formatKeypairFile, generateKeypair } from "@pod/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../src/config.js";
import { CLI_ROOT, runPod, tempHome } from "./support/run-pod.js";

// Commands that need no running system: key files, argument checking, unreachable servers.

const ADDRESS = "11111111111111111111111111111112";
const DEAD_NATS = "nats://127.0.0.1:1";

describe("pod without a running system", () => {
  // One home with a key for the tests that only need one to exist.
  let home: string;
  beforeAll(() => {
    home = tempHome();
    writeFileSync(join(home, "id.json"), formatKeypairFile(generateKeypair()), { mode: 0o600 });
  });

  it("--help lists every command group and exits 0", async () => {
    const run = await runPod(["--help"]);
    expect(run.code).toBe(0);
    for (const name of [
      "keygen",
      "agent",
      "send",
      "channel",
      "inbox",
      "verify",
      "dlq",
      "status",
      "trace",
      "top",
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    }
  });

  it("keygen writes a 0600 Solana keypair file at the default path and prints its address", async () => {
    const home = tempHome();
    const run = await runPod(["keygen"], { env: { HOME: home } });
    expect(run.code).toBe(0);
    const path = join(home, ".config", "pod", "id.json");
    const bytes = JSON.parse(readFileSync(path, "utf8")) as number[];
    expect(bytes).toHaveLength(64);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const address = /^agent\s+(\S+)$/m.exec(run.stdout)?.[1];
    expect(address).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    expect(run.stdout).toContain(path);
  });

  it("keygen refuses to overwrite (exit 10, KEYPAIR_EXISTS) unless --force, and --json names the file", async () => {
    const home = tempHome();
    const out = join(home, "agent.json");
    const first = await runPod(["--json", "keygen", "--out", out], { env: { HOME: home } });
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ agent: expect.any(String), path: out });

    const again = await runPod(["keygen", "--out", out], { env: { HOME: home } });
    expect(again.code).toBe(10);
    expect(again.stderr.trim()).toBe(
      `error KEYPAIR_EXISTS: ${out} already exists (pass --force to replace it)`,
    );

    const forced = await runPod(["--json", "keygen", "--out", out, "--force"], {
      env: { HOME: home },
    });
    expect(forced.code).toBe(0);
    expect(forced.json<{ agent: string }>().agent).not.toBe(first.json<{ agent: string }>().agent);
  });

  it("a write without a keypair file fails with KEYPAIR_MISSING and exit 10", async () => {
    const home = tempHome();
    const run = await runPod(["agent", "register"], { env: { HOME: home } });
    expect(run.code).toBe(10);
    expect(run.stderr).toMatch(/^error KEYPAIR_MISSING: no keypair at .*id\.json/);
  });

  it("a damaged keypair file is KEYPAIR_FILE, exit 10", async () => {
    const home = tempHome();
    const path = join(home, "bad.json");
    writeFileSync(path, "[1,2,3]");
    const run = await runPod(["--keypair", path, "send", ADDRESS, "hi"], { env: { HOME: home } });
    expect(run.code).toBe(10);
    expect(run.stderr).toMatch(/^error KEYPAIR_FILE: /);
  });

  it.concurrent.each([
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["send", "not-an-address", "hi"], /"not-an-address" is not an agent address/],
    [["send", ADDRESS], /missing required argument 'message'/],
    [["channel", "create", "x", "--max", "1"], /--max must be an integer from 2 to 10000/],
    [
      ["channel", "create", "x", "--visibility", "secret"],
      /--visibility must be public or invite-only/,
    ],
    [["agent", "update"], /agent update needs --capabilities and\/or --metadata-uri/],
    [["agent", "register", "--capabilities", "-1"], /--capabilities must be a u64/],
    [["--timeout", "soon", "status"], /--timeout must be a duration/],
    [["dlq", "replay"], /dlq replay takes a sequence number or --all/],
    [["verify", "xyz"], /"xyz" is not a message id/],
    [["trace", "%%%"], /is not a trace id, request key or request id/],
    [["inbox", "--cursor", "abc"], /--cursor must be a decimal cursor/],
    [["inbox", "--from", "bob"], /--from "bob" is not an agent address/],
    [["--service-url", "nope=http://x", "status"], /must be <service>=<url>/],
  ])("bad arguments %j: one BAD_ARGS line, exit 2", async (args, message) => {
    const run = await runPod(args, {
      env: { HOME: home, POD_KEYPAIR: join(home, "id.json"), POD_NATS_URL: DEAD_NATS },
    });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error BAD_ARGS: /);
    expect(lines[0]).toMatch(message);
  });

  it("unreachable NATS: one UNREACHABLE line naming the server, exit 7, no stack trace", async () => {
    const home = tempHome();
    await runPod(["keygen"], { env: { HOME: home } });
    const run = await runPod(["send", ADDRESS, "hello"], {
      env: { HOME: home, POD_NATS_URL: DEAD_NATS },
    });
    expect(run.code).toBe(7);
    expect(run.stderr.trim().split("\n")).toEqual([
      `error UNREACHABLE: NATS at ${DEAD_NATS} is not reachable: connection refused`,
    ]);
    expect(run.stdout).toBe("");
  });

  it("--json errors are one JSON document on stdout; --verbose adds the stack", async () => {
    const run = await runPod(["--json", "dlq", "list"], {
      env: { HOME: home, NATS_URL: DEAD_NATS },
    });
    expect(run.code).toBe(7);
    expect(run.json()).toEqual({
      error: {
        code: "UNREACHABLE",
        message: `NATS at ${DEAD_NATS} is not reachable: connection refused`,
        exitCode: 7,
      },
    });
    const verbose = await runPod(["--verbose", "dlq", "list"], {
      env: { HOME: home, NATS_URL: DEAD_NATS },
    });
    expect(verbose.code).toBe(7);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it("flags beat the environment (POD_NATS_URL before NATS_URL)", async () => {
    const [fromEnv, fromFlag] = await Promise.all([
      runPod(["dlq", "list"], {
        env: { HOME: home, POD_NATS_URL: "nats://127.0.0.1:2", NATS_URL: "nats://127.0.0.1:3" },
      }),
      runPod(["--nats", DEAD_NATS, "dlq", "list"], {
        env: { HOME: home, POD_NATS_URL: "nats://127.0.0.1:2" },
      }),
    ]);
    expect(fromEnv.stderr).toContain("NATS at nats://127.0.0.1:2 ");
    expect(fromFlag.stderr).toContain(`NATS at ${DEAD_NATS} `);
  });

  it("configuration: flags > env > the defaults of pnpm start; empty env means unset", () => {
    const defaults = resolveConfig({}, { HOME: "/h" });
    expect(defaults).toMatchObject({
      natsUrl: "nats://127.0.0.1:4222",
      rpcUrl: "http://127.0.0.1:8899",
      subscriptionUrl: "http://127.0.0.1:8085",
      metricsUrl: "http://127.0.0.1:8086",
      keypairPath: "/h/.config/pod/id.json",
      timeoutMs: 60_000,
      wait: true,
    });
    expect(defaults.serviceUrls.ingest).toBe("http://127.0.0.1:8081");
    const env = {
      HOME: "/h",
      NATS_URL: "nats://n:1",
      SOLANA_RPC_URL: "http://r:1,http://r:2",
      POD_SUBSCRIPTION_URL: "http://s:1/",
      POD_KEYPAIR: "~/k.json",
      POD_METRICS_URL: "",
    };
    expect(resolveConfig({}, env)).toMatchObject({
      natsUrl: "nats://n:1",
      rpcUrl: "http://r:1",
      subscriptionUrl: "http://s:1",
      metricsUrl: "http://127.0.0.1:8086",
      keypairPath: "/h/k.json",
    });
    const flags = resolveConfig(
      {
        nats: "nats://f:1",
        keypair: "/k",
        timeout: "1.5s",
        wait: false,
        serviceUrl: ["ingest=http://i:9"],
      },
      env,
    );
    expect(flags).toMatchObject({
      natsUrl: "nats://f:1",
      keypairPath: "/k",
      timeoutMs: 1500,
      wait: false,
    });
    expect(flags.serviceUrls.ingest).toBe("http://i:9");
    expect(flags.serviceUrls.subscription).toBe("http://s:1");
  });

  it("status with nothing running reports every component down and exits 9", async () => {
    const run = await runPod(
      ["--json", "--nats", DEAD_NATS, "--rpc", "http://127.0.0.1:1", "--timeout", "2s", "status"],
      {
        env: {
          HOME: home,
          POD_SERVICE_URLS:
            "ingest=http://127.0.0.1:1,compression=http://127.0.0.1:1,ipfs-storage=http://127.0.0.1:1,tx-bundler=http://127.0.0.1:1,subscription=http://127.0.0.1:1,metrics=http://127.0.0.1:1",
        },
      },
    );
    expect(run.code).toBe(9);
    const report = run.json<{
      healthy: boolean;
      services: { service: string; alive: boolean; ready: boolean }[];
      nats: { ok: boolean };
      chain: { ok: boolean };
    }>();
    expect(report.healthy).toBe(false);
    expect(report.services.map((s) => [s.service, s.alive, s.ready])).toEqual(
      ["ingest", "compression", "ipfs-storage", "tx-bundler", "subscription", "metrics"].map(
        (s) => [s, false, false],
      ),
    );
    expect(report.nats.ok).toBe(false);
    expect(report.chain.ok).toBe(false);
  });

  it("top without a metrics service: UNREACHABLE, exit 7", async () => {
    const run = await runPod(["top", "-n", "1", "--metrics-url", "http://127.0.0.1:1"], {
      env: { HOME: home },
    });
    expect(run.code).toBe(7);
    expect(run.stderr.trim()).toBe(
      "error UNREACHABLE: no answer from http://127.0.0.1:1/api/summary",
    );
  });

  it("the package bin runs the same CLI", () => {
    const run = spawnSync(process.execPath, [join(CLI_ROOT, "bin", "pod.js"), "--version"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("0.1.0");
  });
});
