import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse } from "yaml";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const COMPOSE_PATH = resolve(ROOT, "docker-compose.yml");

/** The parts of a compose service these tests read (the schema check covers the rest). */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  restart?: string;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** Parses YAML with merge keys resolved (`<<: *anchor`), as Compose does. */
export function readYaml(path: string): unknown {
  return parse(readFileSync(path, "utf8"), { merge: true });
}

export function readCompose(path = COMPOSE_PATH): ComposeFile {
  return readYaml(path) as ComposeFile;
}

/**
 * Compose's `${VAR}` / `${VAR:-default}` interpolation, with `vars` as the environment of the
 * `docker compose` command (empty by default: every default applies).
 */
export function interpolate(value: string, vars: Record<string, string> = {}): string {
  return value.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g,
    (_, name: string, fallback?: string) => vars[name] || (fallback ?? ""),
  );
}

/** A service's environment after interpolation. */
export function environmentOf(
  service: ComposeService,
  vars: Record<string, string> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]),
  );
}

/** A short-syntax port mapping, "host:container" (optionally with an interface or /proto). */
export function portMapping(spec: string): { host: number; container: number } {
  const parts = spec.replace(/\/(tcp|udp)$/, "").split(":");
  return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
}

/** A short-syntax volume, "source:target[:mode]"; a bind mount when source is a path. */
export function volumeMount(spec: string): { source: string; target: string; bind: boolean } {
  const [source = "", target = ""] = spec.split(":");
  return { source, target, bind: source.startsWith(".") || source.startsWith("/") };
}

/** The workspace services of the compose file: built from the workspace image, `services/<name>`. */
export function podServices(compose: ComposeFile): [string, ComposeService][] {
  return Object.entries(compose.services).filter(([, s]) =>
    s.command?.[0]?.startsWith("services/"),
  );
}
