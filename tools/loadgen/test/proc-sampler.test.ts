import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { parseProcStat, readRssBytes } from "../src/proc/proc-files.js";
import { ProcessSampler } from "../src/proc/sampler.js";

const children: ChildProcess[] = [];

/** A child node process running `code`, ready once it printed "ready". */
async function child(code: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(proc);
  await once(proc.stdout as NodeJS.ReadableStream, "data");
  return proc;
}

afterEach(async () => {
  for (const proc of children.splice(0)) {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill("SIGKILL");
      await once(proc, "exit");
    }
  }
});

describe("/proc sampler - on real child processes", () => {
  it("a busy child holding 64 MiB reads ~100% CPU and RSS above 64 MiB; an idle one ~0%", async () => {
    const busy = await child(
      "const b = Buffer.alloc(64 * 1024 * 1024, 1); console.log('ready');" +
        "for (;;) { b[Math.floor(Math.random() * b.length)]++; }",
    );
    const idle = await child("console.log('ready'); setInterval(() => {}, 1000);");
    const sampler = new ProcessSampler(
      [
        { name: "busy", pid: busy.pid as number },
        { name: "idle", pid: idle.pid as number },
      ],
      { intervalMs: 250 },
    );

    sampler.start();
    await new Promise((done) => setTimeout(done, 1600));
    const [hot, cold] = sampler.stop();

    expect(hot?.samples).toBeGreaterThanOrEqual(5);
    expect(hot?.rssPeakBytes).toBeGreaterThan(64 * 1024 * 1024);
    // Two shared cores: a spinning process gets most of one, never more than one.
    expect(hot?.cpuMeanPercent).toBeGreaterThan(50);
    expect(hot?.cpuPeakPercent).toBeLessThanOrEqual(130);
    expect(hot?.cpuSeconds).toBeGreaterThan(0.5);
    expect(cold?.cpuMeanPercent).toBeLessThan(10);
    expect(cold?.rssPeakBytes).toBeLessThan(hot?.rssPeakBytes as number);
    expect(hot?.alive).toBe(true);
  });

  it("counts a target's children in its tree, and notices when the target is gone", async () => {
    // A wrapper that starts a spinning grandchild, as `pnpm exec` or tsx's CLI do.
    const wrapper = await child(
      "const { spawn } = require('node:child_process');" +
        "const c = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });" +
        "console.log('ready'); setInterval(() => {}, 1000);" +
        "process.on('SIGTERM', () => { c.kill('SIGKILL'); process.exit(0); });",
    );
    const sampler = new ProcessSampler([{ name: "wrapper", pid: wrapper.pid as number }], {
      intervalMs: 250,
    });

    sampler.start();
    await new Promise((done) => setTimeout(done, 1000));
    const during = sampler.latest().get("wrapper");
    wrapper.kill("SIGTERM");
    await once(wrapper, "exit");
    const [usage] = sampler.stop();

    expect(during?.processes).toBe(2);
    expect(usage?.cpuMeanPercent).toBeGreaterThan(40);
    expect(usage?.alive).toBe(false);
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
