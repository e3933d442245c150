import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { STREAMS } from "@pod/protocol";
import { freePort, waitFor } from "@pod/testing";
import { afterEach, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const SERVICES = ["ingest", "compression", "ipfs-storage", "tx-bundler", "subscription", "metrics"];
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function startScript(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), "pod-start-"));
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/start.ts", "--data-dir", dir, ...args],
    { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  proc.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  proc.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  cleanup.push(() => {
    if (proc.exitCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  return { proc, output: () => output };
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((done) => proc.once("exit", (code) => done(code)));
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connectTcp({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => done(false));
  });
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
  } catch {
    return false;
  }
}

describe("pnpm start", () => {
  it("start - starts its own nats-server, the local chain and six ready services; Ctrl-C stops all", async () => {
    const natsPort = await freePort();
    const chainPort = await freePort();
    // Free ports for the services (a fixed block could clash with other tests' servers); the
    // "started" line names them.
    const { proc, output } = startScript([
      "--nats-url",
      `nats://127.0.0.1:${natsPort}`,
      "--chain-port",
      String(chainPort),
      "--http-port-base",
      "0",
    ]);

    const ports = (): number[] => {
      const line = output()
        .split("\n")
        .find((l) => l.startsWith('{"') && l.includes('"name":"start","event":"started"'));
      if (line === undefined) return [];
      const started = JSON.parse(line) as { services: { process: string; httpUrl: string }[] };
      return started.services.map((s) => Number(new URL(s.httpUrl).port));
    };
    await waitFor(
      async () =>
        ports().length === SERVICES.length &&
        (await Promise.all(ports().map(ready))).every(Boolean),
      {
        timeoutMs: 150_000,
        intervalMs: 500,
      },
    ).catch((error: unknown) => {
      throw new Error(`services not ready: ${(error as Error).message}\n${output().slice(-3000)}`);
    });
    expect(output()).toContain('"event":"nats.started"');

    const health = await fetch(`http://127.0.0.1:${chainPort}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getHealth" }),
    }).then((r) => r.json() as Promise<{ result: string }>);
    expect(health.result).toBe("ok");

    const nc = await connect({ servers: `nats://127.0.0.1:${natsPort}` });
    const jsm = await jetstreamManager(nc);
    const names = (await jsm.streams.names().next())
      // KV buckets are streams too (KV_<bucket>); only the pipeline's own are compared.
      .filter((n) => !n.startsWith("KV_"))
      .sort();
    await nc.close();
    expect(names).toEqual(
      Object.values(STREAMS)
        .map((s) => s.name)
        .sort(),
    );

    proc.kill("SIGINT");
    expect(await exited(proc)).toBe(0);
    for (const name of SERVICES)
      expect(output()).toMatch(new RegExp(`"process":"${name}","code":0`));
    expect(await listening(natsPort)).toBe(false);
    expect(await listening(chainPort)).toBe(false);
  }, 240_000);

  it("start - with no NATS server and no nats-server binary it says what to install and exits 1", async () => {
    const natsPort = await freePort();
    const { proc, output } = startScript(["--nats-url", `nats://127.0.0.1:${natsPort}`], {
      NATS_SERVER_BIN: join(tmpdir(), "no-such-nats-server"),
    });
    expect(await exited(proc)).toBe(1);
    expect(output()).toMatch(/No NATS server answers at nats:\/\/127\.0\.0\.1:\d+/);
    expect(output()).toContain("apt-get install nats-server");
  }, 60_000);
});
