import type { Random } from "./random.js";

/**
 * Message content an agent plausibly sends: mostly short chat-like texts (tens of bytes up to
 * ~200), sometimes a long tool output or document large enough that, even compressed, it
 * does not ride inline in the chain record and goes through IPFS.
 */

const OPENERS = [
  "ack",
  "ok, on it",
  "status",
  "result",
  "heads up",
  "question",
  "update",
  "done",
  "retrying",
  "need input",
];
const SUBJECTS = [
  "the price feed",
  "task",
  "the summary",
  "order",
  "the crawl",
  "batch",
  "the model run",
  "job",
  "the report",
  "request",
];
const VERBS = [
  "finished in",
  "is waiting on",
  "failed after",
  "was retried at",
  "needs approval before",
  "completed with",
  "is queued behind",
  "timed out at",
];
const UNITS = ["ms", "s", "tokens", "rows", "pages", "SOL", "requests"];

/** A short message: 20..~200 bytes of UTF-8, the bulk of agent traffic. */
export function smallText(rng: Random): string {
  const parts = [
    `${rng.pick(OPENERS)}:`,
    rng.pick(SUBJECTS),
    `#${rng.int(1, 99_999)}`,
    rng.pick(VERBS),
    `${rng.int(1, 9_999)} ${rng.pick(UNITS)}`,
  ];
  // A third of the messages carry a longer explanation, as agents often do.
  if (rng.chance(0.33)) {
    parts.push(
      `- next step: ${rng.pick(VERBS)} ${rng.pick(SUBJECTS)} #${rng.int(1, 99_999)},`,
      `confidence ${rng.int(50, 99)}%`,
    );
  }
  if (rng.chance(0.1)) parts.push("✓");
  return parts.join(" ");
}

const HEX = "0123456789abcdef";

function token(rng: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += HEX[rng.int(0, 15)];
  return out;
}

/**
 * A long tool output: `bytes` (about) of log-like lines with ids, hashes and figures. Hashes
 * are incompressible, so brotli leaves it well above the inline limit.
 */
export function largeText(rng: Random, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const line =
      `${String(n++).padStart(4, "0")} ${rng.pick(SUBJECTS)} id=${token(rng, 16)} ` +
      `sha=${token(rng, 40)} ${rng.pick(VERBS)} ${rng.int(1, 99_999)} ${rng.pick(UNITS)}`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return lines.join("\n").slice(0, bytes);
}
