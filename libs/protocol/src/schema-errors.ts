import type { z } from "zod";
import type { PodError } from "./errors.js";
import {
  type PodErrorOptions,
  SchemaError,
  type SchemaIssue,
  TextInvalidError,
  TooLargeError,
} from "./errors.js";

/** `body.registrations[0].sig` from zod's path array. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

function issueOf(issue: z.core.$ZodIssue): SchemaIssue {
  const field = fieldPath(issue.path);
  if (issue.code === "invalid_union" && issue.discriminator !== undefined) {
    return { field, rule: "unknown_discriminator", message: `unknown ${field} value` };
  }
  const params = issue.code === "custom" ? (issue.params ?? {}) : {};
  const rule =
    typeof params["rule"] === "string"
      ? params["rule"]
      : typeof params["podCode"] === "string"
        ? params["podCode"].toLowerCase()
        : issue.code;
  return { field, rule, message: issue.message };
}

/**
 * The typed error for a failed parse: TooLargeError or TextInvalidError when the first issue is
 * a size or text rule, SchemaError otherwise. Every error lists all issues in `details.issues`.
 */
export function errorFromZod(error: z.ZodError, options: PodErrorOptions = {}): PodError {
  const issues = error.issues.map(issueOf);
  const first = error.issues[0];
  const details = { issues, ...options.details };
  const cause = options.cause ?? error;
  if (first?.code === "custom") {
    const params = first.params ?? {};
    const field = fieldPath(first.path);
    if (params["podCode"] === "TOO_LARGE") {
      const limit = Number(params["limit"]);
      const actual = Number(params["actual"]);
      return new TooLargeError(field, limit, actual, { details, cause });
    }
    if (params["podCode"] === "TEXT_INVALID") {
      return new TextInvalidError(field, first.message, { details, cause });
    }
  }
  return new SchemaError(issues, { details: options.details, cause });
}
