#!/usr/bin/env tsx
// sbf-build -o out.so [-I dir] [-D K=V] [--cflag FLAG] [--symbols] a.c b.c
import { buildProgram } from "./build.js";
import { SbfBuildError } from "./errors.js";

const USAGE =
  "usage: sbf-build -o out.so [-I dir] [-D KEY=VALUE] [--cflag FLAG] [--symbols] a.c [b.c ...]";

interface CliOptions {
  outFile: string;
  sources: string[];
  includeDirs: string[];
  defines: Record<string, string>;
  cflags: string[];
  symbols: boolean;
}

function parseArguments(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    outFile: "",
    sources: [],
    includeDirs: [],
    defines: {},
    cflags: [],
    symbols: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (flag: string): string => {
      if (arg.length > flag.length) return arg.slice(flag.length);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (arg === "-h" || arg === "--help") throw new UsageError("");
    else if (arg.startsWith("-o")) options.outFile = value("-o");
    else if (arg.startsWith("-I")) options.includeDirs.push(value("-I"));
    else if (arg.startsWith("-D")) {
      const define = value("-D");
      const eq = define.indexOf("=");
      if (eq === 0) throw new UsageError(`bad define ${define}`);
      if (eq < 0) options.defines[define] = "1";
      else options.defines[define.slice(0, eq)] = define.slice(eq + 1);
    } else if (arg === "--cflag") options.cflags.push(value("--cflag"));
    else if (arg === "--symbols") options.symbols = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else options.sources.push(arg);
  }
  if (!options.outFile) throw new UsageError("missing -o out.so");
  if (options.sources.length === 0) throw new UsageError("no C sources given");
  return options;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `${error.message}\n` : ""}${USAGE}\n`);
    return 2;
  }
  try {
    const result = await buildProgram(options);
    process.stdout.write(
      `${result.outFile}: ${result.bytes} bytes, .text ${result.textBytes} bytes, ` +
        `syscalls: ${result.syscalls.join(", ") || "none"}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof SbfBuildError)) throw error;
    process.stderr.write(`error[${error.code}]: ${error.message}\n`);
    return 1;
  }
}

process.exitCode = await main();
