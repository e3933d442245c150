import { POD_HEADERS } from "@pod/protocol";
import type { HeaderMap } from "@pod/bus";

const HEADER = POD_HEADERS.replyTo.toLowerCase();
const SUBJECT = /^[^\s.*>]+(\.[^\s.*>]+)*$/;

/**
 * The inbox an agent named for its verdict, or undefined. A core publish into a subject that
 * a stream captures would be stored like any other message, so subjects of the pipeline
 * (`pod.`) and of the server (`$JS.`, `$KV.`, `$SYS.`, ...) are refused: an agent must not be
 * able to make ingest write into a stream.
 */
export function replyInboxOf(headers: HeaderMap): string | undefined {
  let inbox: string | undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === HEADER) inbox = value.trim();
  }
  if (inbox === undefined || inbox.length === 0 || inbox.length > 256) return undefined;
  if (!SUBJECT.test(inbox) || inbox.startsWith("$") || /^pod\./i.test(inbox)) return undefined;
  return inbox;
}
