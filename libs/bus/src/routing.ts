import { STREAMS } from "@pod/protocol";

/** True when `subject` falls under `pattern` (NATS wildcards `*` and a trailing `>`). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== "*" && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** The PoD stream that stores `subject`, or undefined for a subject outside every stream. */
export function streamOf(subject: string): string | undefined {
  for (const stream of Object.values(STREAMS)) {
    if (stream.subjects.some((pattern) => subjectMatches(pattern, subject))) return stream.name;
  }
  return undefined;
}
