import { TextInvalidError, TooLargeError } from "./errors.js";

export interface TextRules {
  /** Largest UTF-8 encoding allowed, in bytes. */
  maxBytes: number;
  /** Smallest UTF-8 encoding allowed, in bytes (default 0). */
  minBytes?: number;
  /** Also refuse tab, LF and CR (names, URIs). */
  singleLine?: boolean;
  /** Field path used in errors. */
  field?: string;
}

/** What is wrong with a text, or undefined when it follows the rules. */
export type TextProblem =
  | { kind: "size"; limit: number; actual: number; message: string }
  | { kind: "text"; message: string };

const encoder = new TextEncoder();

/** The UTF-8 byte length of `s` (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

function isControl(code: number, singleLine: boolean): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return singleLine;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** Finds the first broken text rule: size, control characters, lone surrogates. */
export function textProblem(s: string, rules: TextRules): TextProblem | undefined {
  const singleLine = rules.singleLine ?? false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { kind: "text", message: `lone surrogate at index ${i}` };
    }
    if (code >= 0xdc00 && code <= 0xdfff) {
      return { kind: "text", message: `lone surrogate at index ${i}` };
    }
    if (isControl(code, singleLine)) {
      const hex = code.toString(16).padStart(4, "0");
      return { kind: "text", message: `control character U+${hex} at index ${i}` };
    }
  }
  const actual = utf8Length(s);
  if (actual > rules.maxBytes) {
    const message = `${actual} UTF-8 bytes, limit ${rules.maxBytes}`;
    return { kind: "size", limit: rules.maxBytes, actual, message };
  }
  const min = rules.minBytes ?? 0;
  if (actual < min) return { kind: "text", message: `${actual} UTF-8 bytes, minimum ${min}` };
  return undefined;
}

/**
 * Accepts text without control characters (tab, LF and CR allowed unless `singleLine`) or lone
 * surrogates, within `maxBytes` UTF-8 bytes; returns its byte length, else throws
 * TextInvalidError or TooLargeError.
 */
export function checkText(s: string, rules: TextRules): number {
  const field = rules.field ?? "";
  const problem = textProblem(s, rules);
  if (problem?.kind === "size") throw new TooLargeError(field, problem.limit, problem.actual);
  if (problem) throw new TextInvalidError(field, problem.message);
  return utf8Length(s);
}
