import { SERVICES } from "@pod/protocol";
import { listPids, readCmdline } from "./proc-files.js";
import type { ProcessTarget } from "./sampler.js";

/**
 * Finds the pipeline's processes on this machine by their command lines: the services as
 * `services/<name>/src/main.ts` (however they were launched), the local chain as
 * `local-chain/src/main.ts`, and nats-server. For runs against services this tool did not
 * start; one process per name (the oldest, lowest pid) unless several instances run, which
 * are then named `<service>#<n>`.
 */
export function discoverPipelineProcesses(exclude: number = process.pid): ProcessTarget[] {
  const found: ProcessTarget[] = [];
  const counts = new Map<string, number>();
  const add = (name: string, pid: number) => {
    const n = counts.get(name) ?? 0;
    counts.set(name, n + 1);
    found.push({ name: n === 0 ? name : `${name}#${n}`, pid });
  };
  for (const pid of listPids().sort((a, b) => a - b)) {
    if (pid === exclude) continue;
    const cmd = readCmdline(pid);
    if (cmd === "") continue;
    const service = SERVICES.find((s) => cmd.includes(`services/${s}/src/main.ts`));
    // A wrapper (pnpm, sh -c) names the same file; count only the node process running it.
    const isNode = /(^|\/)node(\s|$)/.test(cmd.split(" ")[0] ?? "");
    if (service !== undefined && isNode) add(service, pid);
    else if (cmd.includes("local-chain/src/main.ts") && isNode) add("local-chain", pid);
    else if (/(^|\/)nats-server(\s|$)/.test(cmd.split(" ")[0] ?? "")) add("nats-server", pid);
  }
  return found;
}

/** Parses `name=pid,name=pid`. */
export function parsePidList(text: string): ProcessTarget[] {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name, pid] = part.split("=");
      return { name: name ?? "", pid: Number(pid) };
    });
}
