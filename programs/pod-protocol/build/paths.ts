import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the build reads sources and writes Anchor's layout. */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = resolve(PACKAGE_DIR, "../..");
export const C_DIR = join(PACKAGE_DIR, "c");
export const GENERATED_HEADER = join(PACKAGE_DIR, "src/generated/idl.h");
export const IDL_JSON = join(REPO_ROOT, "target/idl/pod_protocol.json");
export const IDL_TYPES = join(REPO_ROOT, "target/types/pod_protocol.ts");
export const PROGRAM_SO = join(REPO_ROOT, "target/deploy/pod_protocol.so");
