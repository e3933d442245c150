// The CLI as a library: its configuration rules and exit codes, for wrappers and tests.
export { resolveConfig, parseDuration, DEFAULTS, type Config, type GlobalFlags } from "./config.js";
export { EXIT, CliError, classify, type ExitCode } from "./errors.js";
