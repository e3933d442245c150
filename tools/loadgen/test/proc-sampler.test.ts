import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { parseProcStat, readRssBytes } from "../src/proc/proc-files.js";
import { ProcessSampler } from "../src/proc/sampler.js";

const children: ChildProcess[] = [];

/** A child node process running `code` with an IPC channel, ready once it sent "ready". */
async function child(code: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["-e", code], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  children.push(proc);
  const [message] = (await once(proc, "message")) as [string];
  expect(message).toBe("ready");
  return proc;
}

/** The CPU seconds the child itself reports (process.cpuUsage), asked over IPC. */
async function reportedCpuSeconds(proc: ChildProcess): Promise<number> {
  proc.send("usage");
  const [usage] = (await once(proc, "message")) as [{ user: number; system: number }];
  return (usage.user + usage.system) / 1e6;
}

// Answers "usage" with its own CPU time; `spin` keeps it busy in 20 ms slices so it can answer.
const REPORTER =
  "process.on('message', () => process.send(process.cpuUsage()));" + "process.send('ready');";
const SPIN =
  "const spin = () => { const end = Date.now() + 20; while (Date.now() < end) {} setImmediate(spin); }; spin();";

afterEach(async () => {
  for (const proc of children.splice(0)) {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGKILL");
      await once(proc, "exit");
    }
  }
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("/proc sampler - on real child processes", () => {
  it("reads a busy child's CPU time as the child itself reports it, its 64 MiB in RSS, and an idle one near zero", async () => {
    // Shared machines give a spinning process anything from a few % to a whole core, so the
    // sampler is held to the child's own account of its CPU time, not to a fixed percentage.
    const busy = await child(`const b = Buffer.alloc(64 * 1024 * 1024, 1); ${REPORTER} ${SPIN}`);
    const idle = await child(`${REPORTER} setInterval(() => {}, 1000);`);
    const sampler = new ProcessSampler(
      [
        { name: "busy", pid: busy.pid as number },
        { name: "idle", pid: idle.pid as number },
      ],
      { intervalMs: 250 },
    );

    const busyBefore = await reportedCpuSeconds(busy);
    sampler.start();
    await sleep(2000);
    const [hot, cold] = sampler.stop();
    const busyUsed = (await reportedCpuSeconds(busy)) - busyBefore;

    expect(hot?.samples).toBeGreaterThanOrEqual(5);
    expect(hot?.rssPeakBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(cold?.rssPeakBytes).toBeLessThan(hot?.rssPeakBytes as number);
    // Clock ticks are 10 ms and the IPC round trips sit outside the window: a small margin.
    expect(Math.abs((hot?.cpuSeconds as number) - busyUsed)).toBeLessThan(0.1 + busyUsed * 0.25);
    expect(hot?.cpuMeanPercent).toBeGreaterThan(cold?.cpuMeanPercent as number);
    expect(cold?.cpuSeconds).toBeLessThan(0.1);
    expect(hot?.cpuPeakPercent).toBeLessThanOrEqual(130);
    expect(hot?.alive).toBe(true);
  });

  it("counts a target's children in its tree, and notices when the target is gone", async () => {
    // A wrapper that starts a spinning grandchild, as `pnpm exec` or tsx's CLI do.
    const wrapper = await child(
      "const { spawn } = require('node:child_process');" +
        "const c = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });" +
        "process.on('SIGTERM', () => { c.kill('SIGKILL'); process.exit(0); });" +
        "setInterval(() => {}, 1000); process.send('ready');",
    );
    const tree = new ProcessSampler([{ name: "tree", pid: wrapper.pid as number }], {
      intervalMs: 250,
    });
    const alone = new ProcessSampler(
      [{ name: "alone", pid: wrapper.pid as number, children: false }],
      { intervalMs: 250 },
    );

    tree.start();
    alone.start();
    await sleep(1500);
    const during = tree.latest().get("tree");
    const [wrapperOnly] = alone.stop();
    wrapper.kill("SIGTERM");
    await once(wrapper, "exit");
    await sleep(300);
    const [whole] = tree.stop();

    expect(during?.processes).toBe(2);
    expect(wrapperOnly?.series.at(-1)?.processes).toBe(1);
    expect(whole?.cpuSeconds).toBeGreaterThan((wrapperOnly?.cpuSeconds as number) + 0.02);
    expect(whole?.alive).toBe(false);
  });

  it("parses a stat line whose command name holds spaces and parentheses", () => {
    const line =
      "4242 (node (my) app) S 17 4242 4242 0 -1 4194560 100 0 0 0 123 45 0 0 20 0 11 0 " +
      "9999 1000000 5000 18446744073709551615";

    const stat = parseProcStat(4242, line);

    expect(stat).toEqual({
      pid: 4242,
      comm: "node (my) app",
      state: "S",
      ppid: 17,
      utime: 123,
      stime: 45,
    });
    expect(readRssBytes(process.pid)).toBeGreaterThan(10 * 1024 * 1024);
    expect(readRssBytes(2 ** 22 + 12_345)).toBeUndefined();
  });
});
