import { hostname } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import { ConfigError, type ConfigProblem } from "./errors.js";
import { TRACE_STORE_MODES } from "./trace-store/mode.js";
import { envEnum, envInt, envMillis, envPort, envText, envUrl, envUrlList } from "./env-rules.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Defaults that differ per service; everything else in the common schema is shared. */
export interface CommonDefaults {
  service: string;
  httpPort: number;
}

export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_HTTP_HOST = "127.0.0.1";
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * Variables every service reads. Per-service defaults (name, port) come from `defaults` so
 * that all six services can run side by side on one machine without any configuration.
 */
export function commonConfigSchema(defaults: CommonDefaults) {
  return z.object({
    NATS_URL: envUrlList(["nats", "tls", "ws", "wss"]).default([DEFAULT_NATS_URL]),
    SERVICE_HTTP_PORT: envPort().default(defaults.httpPort),
    HTTP_HOST: envText().default(DEFAULT_HTTP_HOST),
    LOG_LEVEL: envEnum(LOG_LEVELS).default("info"),
    OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(["http", "https"]).optional(),
    OTEL_SERVICE_NAME: envText().default(defaults.service),
    /** Finished spans into POD_TRACES: auto = only when no OTLP endpoint is set. */
    POD_TRACE_STORE: envEnum(TRACE_STORE_MODES).default("auto"),
    SHUTDOWN_GRACE_MS: envMillis(100, 600_000).default(DEFAULT_SHUTDOWN_GRACE_MS),
    DATA_DIR: envText()
      .transform((p) => resolve(p))
      .default(resolve(".data", defaults.service)),
    INSTANCE_ID: envText().default(`${hostname()}-${process.pid}`),
    /** How many messages the service's consumer handles at once. */
    CONSUMER_CONCURRENCY: envInt(1, 10_000).default(16),
    /**
     * Copies of every stream, consumer and KV bucket the service creates: 1 on a single
     * server, 3 on a 3-node cluster (JetStream refuses more replicas than it has nodes).
     */
    NATS_REPLICAS: envInt(1, 5).default(1),
  });
}

export type CommonConfigSchema = ReturnType<typeof commonConfigSchema>;
export type CommonConfig = z.infer<CommonConfigSchema>;

/** The common schema extended by a service's own variables (its keys win on a clash). */
export function serviceConfigSchema<Own extends z.ZodRawShape>(
  defaults: CommonDefaults,
  own: z.ZodObject<Own>,
) {
  return commonConfigSchema(defaults).extend(own.shape);
}

/** Environment with empty (or blank) values removed: an empty variable means "unset". */
export function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") out[key] = value;
  }
  return out;
}

/**
 * Parses `env` with `schema`. Returns the typed config, or throws a ConfigError that lists
 * every problem (variable name and rule), never only the first.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const cleaned = withoutEmpty(env);
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(problemsOf(result.error, cleaned), { cause: result.error });
}

function problemsOf(error: z.ZodError, env: Record<string, string>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues) {
    const variable = issue.path.length > 0 ? issue.path.map(String).join(".") : "(environment)";
    const rule = env[variable] === undefined ? "is required" : issue.message;
    const key = `${variable}\u0000${rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ variable, rule });
  }
  return problems;
}
