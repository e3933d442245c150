/**
 * Preload (plain JS: it loads before tsx) that CPU-profiles the process it is loaded into and writes the profile (Chrome
 * DevTools .cpuprofile) when the process exits. Node refuses --cpu-prof in NODE_OPTIONS, so
 * this is how a service started by the stack gets profiled:
 *
 *   --service-env "tx-bundler:NODE_OPTIONS=--import=<abs path to this file>"
 *   --service-env "tx-bundler:LOADGEN_CPU_PROFILE_DIR=/tmp/prof"
 */
import { writeFileSync, mkdirSync } from "node:fs";
import process from "node:process";
import { Session } from "node:inspector";
import { join } from "node:path";

const dir = process.env.LOADGEN_CPU_PROFILE_DIR ?? "/tmp";
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 1000 });
session.post("Profiler.start");

process.on("exit", () => {
  // A session on the process's own thread answers synchronously, so this completes in 'exit'.
  session.post("Profiler.stop", (error, result) => {
    if (error !== null) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
