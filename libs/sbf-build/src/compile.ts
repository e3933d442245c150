import { execFile, spawn } from "node:child_process";
import { SbfCompileError, SbfStackFrameError, SbfUnsupportedCError } from "./errors.js";

export interface CompileOptions {
  sources: readonly string[];
  includeDirs?: readonly string[];
  defines?: Readonly<Record<string, string>>;
  /** Extra clang flags, appended last so they can override the defaults. */
  cflags?: readonly string[];
  /** clang executable; defaults to $SBF_CLANG, then `clang`. */
  clang?: string;
}

export interface CompiledObject {
  source: string;
  /** The ET_REL EM_BPF object clang produced. */
  bytes: Uint8Array;
  /** clang's diagnostics for a successful compile (warnings), empty when clean. */
  diagnostics: string;
}

/** The flags every source is compiled with; see the package README for why each is needed. */
export const BASE_CFLAGS: readonly string[] = [
  "-target",
  "bpf",
  "-mcpu=v2",
  "-O2",
  "-ffreestanding",
  "-fno-builtin",
  "-fno-stack-protector",
  "-fno-common",
];

const PARALLEL = 2;
const STACK_LIMIT_MESSAGE = "BPF stack limit of 512 bytes is exceeded";

// clang's BPF diagnostics for C the target cannot express, and what the author can do.
const UNSUPPORTED: ReadonlyArray<[string, string]> = [
  ["with too many args", "a function takes at most 5 arguments; pass a pointer to a struct"],
  ["too many args to", "a call passes at most 5 arguments; pass a pointer to a struct"],
  [
    "VarArgs or StructRet are not supported",
    "variadic functions and struct returns by value are not supported; use an out-pointer",
  ],
];

/** The first line of `clang --version`: the output bytes depend on it. */
export function clangVersion(clang = process.env.SBF_CLANG ?? "clang"): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(clang, ["--version"], (error, stdout, stderr) => {
      if (error) reject(new SbfCompileError("(clang --version)", stderr, null, { cause: error }));
      else resolve(stdout.split("\n")[0]!.trim());
    });
  });
}

/** The full clang command line for one source (the object goes to stdout). */
export function clangArguments(source: string, options: Omit<CompileOptions, "sources">): string[] {
  const defines = Object.entries(options.defines ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `-D${key}=${value}`);
  return [
    ...BASE_CFLAGS,
    ...(options.includeDirs ?? []).map((dir) => `-I${dir}`),
    ...defines,
    ...(options.cflags ?? []),
    "-c",
    source,
    "-o",
    "-",
  ];
}

/** Compiles each C source to a BPF relocatable object, in input order. */
export async function compile(options: CompileOptions): Promise<CompiledObject[]> {
  const results: CompiledObject[] = new Array(options.sources.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.sources.length) {
      const index = next++;
      results[index] = await compileOne(options.sources[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, options.sources.length) }, worker));
  return results;
}

function compileOne(source: string, options: CompileOptions): Promise<CompiledObject> {
  const clang = options.clang ?? process.env.SBF_CLANG ?? "clang";
  const args = clangArguments(source, options);
  return new Promise((resolve, reject) => {
    const child = spawn(clang, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (cause) => {
      reject(new SbfCompileError(source, `cannot run ${clang}: ${cause.message}`, null, { cause }));
    });
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) {
        resolve({ source, bytes: new Uint8Array(Buffer.concat(out)), diagnostics: stderr });
      } else if (stderr.includes(STACK_LIMIT_MESSAGE)) {
        reject(new SbfStackFrameError(source, errorLocation(stderr, STACK_LIMIT_MESSAGE), stderr));
      } else if (UNSUPPORTED.some(([message]) => stderr.includes(message))) {
        const [message, limit] = UNSUPPORTED.find(([m]) => stderr.includes(m))!;
        reject(new SbfUnsupportedCError(source, errorLocation(stderr, message), limit, stderr));
      } else {
        reject(new SbfCompileError(source, stderr, code));
      }
    });
  });
}

/** `file:line:col` of the first diagnostic carrying `message`. */
function errorLocation(stderr: string, message: string): string | undefined {
  const line = stderr.split("\n").find((l) => l.includes(message));
  return line?.match(/^(.*?:\d+:\d+):/)?.[1];
}
