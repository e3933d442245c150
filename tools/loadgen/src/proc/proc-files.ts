import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { ProcReadError } from "../errors.js";

/** The fields of /proc/<pid>/stat the sampler uses. */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** User and system CPU time, in clock ticks. */
  utime: number;
  stime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name is in parentheses and may itself hold spaces or
 * parentheses, so the fields are counted from the last ")".
 */
export function parseProcStat(pid: number, text: string): ProcStat {
  const close = text.lastIndexOf(")");
  const open = text.indexOf("(");
  if (open < 0 || close < open) throw new ProcReadError(pid, "stat (unexpected format)");
  // After ")": state(3) ppid(4) ... utime(14) stime(15), numbered as in proc(5).
  const rest = text
    .slice(close + 2)
    .trim()
    .split(" ");
  const field = (n: number) => Number(rest[n - 3]);
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: rest[0] ?? "?",
    ppid: field(4),
    utime: field(14),
    stime: field(15),
  };
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(pid, readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch (cause) {
    if (isGone(cause)) return undefined;
    throw new ProcReadError(pid, "stat", { cause });
  }
}

/** Resident set size (VmRSS of /proc/<pid>/status) in bytes, or undefined when gone. */
export function readRssBytes(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch (cause) {
    if (isGone(cause)) return undefined;
    throw new ProcReadError(pid, "status", { cause });
  }
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  // A zombie has no VmRSS line: it holds no memory.
  return match === null ? 0 : Number(match[1]) * 1024;
}

/** The command line of a process, arguments joined by spaces ("" when gone). */
export function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Every live pid in /proc. */
export function listPids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** Parent of each live process, from one pass over /proc. */
export function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const pid of listPids()) {
    const stat = readProcStat(pid);
    if (stat !== undefined) parents.set(pid, stat.ppid);
  }
  return parents;
}

/** `root` and all its live descendants, from a parent map. */
export function treeOf(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const tree: number[] = [];
  const stack = parents.has(root) ? [root] : [];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

let ticks: number | undefined;

/** Clock ticks per second (USER_HZ) for the utime/stime fields; 100 on Linux in practice. */
export function clockTicksPerSecond(): number {
  if (ticks !== undefined) return ticks;
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    ticks = Number.isInteger(value) && value > 0 ? value : 100;
  } catch {
    ticks = 100;
  }
  return ticks;
}

function isGone(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENOENT" || code === "ESRCH";
}
