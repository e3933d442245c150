import bs58 from "bs58";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/** Base58 digits per leaf chunk: 58^9 < 2^53, so a chunk converts with plain numbers. */
const CHUNK_DIGITS = 9;
/** Below this many bytes the byte-at-a-time encoder is as fast (keys, signatures). */
const BIGINT_FROM = 96;

// POWERS[i] = 58^(9 * 2^i), grown on demand.
const POWERS: bigint[] = [58n ** BigInt(CHUNK_DIGITS)];

function powerAt(level: number): bigint {
  while (POWERS.length <= level) {
    const last = POWERS[POWERS.length - 1] as bigint;
    POWERS.push(last * last);
  }
  return POWERS[level] as bigint;
}

// Digits of n (< 58^(9 * 2^(level+1))), split in halves by 58^(9 * 2^level) down to 9-digit
// chunks; `pad` fills a lower half to its full width with the zero digit.
function digits(n: bigint, level: number, pad: boolean, out: string[]): void {
  if (level < 0) {
    let x = Number(n);
    let s = "";
    while (x > 0) {
      s = ALPHABET[x % 58] + s;
      x = Math.floor(x / 58);
    }
    out.push(pad ? s.padStart(CHUNK_DIGITS, "1") : s);
    return;
  }
  const p = powerAt(level);
  const hi = n / p;
  const lo = n - hi * p;
  if (!pad && hi === 0n) return digits(lo, level - 1, false, out);
  digits(hi, level - 1, pad, out);
  digits(lo, level - 1, true, out);
}

/**
 * Base58 text of `bytes`, identical to bs58's. The usual byte-at-a-time encoder is
 * quadratic in JavaScript; Light's inner instructions carry kilobytes (about 10 ms each),
 * so long inputs go through one BigInt and a divide-and-conquer split done natively.
 */
export function encodeBase58(bytes: Uint8Array): string {
  if (bytes.length < BIGINT_FROM) return bs58.encode(bytes);
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const lead = "1".repeat(zeros);
  if (zeros === bytes.length) return lead;
  const rest = Buffer.from(bytes.buffer, bytes.byteOffset + zeros, bytes.length - zeros);
  const n = BigInt(`0x${rest.toString("hex")}`);
  let level = 0;
  while (powerAt(level + 1) <= n) level++;
  const out: string[] = [lead];
  digits(n, level, false, out);
  return out.join("");
}
