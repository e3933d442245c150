import { cursor as cursorSchema } from "@pod/protocol";
import type { Bus } from "@pod/bus";
import { SubscriptionError } from "./errors.js";
import { streamBounds } from "./stream-reader.js";

/**
 * The stream sequence a client resumes after, checked against what POD_EVENTS holds now:
 * CURSOR_INVALID when it is not a number, lies beyond the stream, or is older than the stream's
 * first message (the messages after it are gone; resuming would silently skip them).
 */
export async function resolveCursor(bus: Bus, text: string): Promise<number> {
  if (!cursorSchema.safeParse(text).success) {
    throw new SubscriptionError("CURSOR_INVALID", `cursor ${JSON.stringify(text)} is not a number`);
  }
  const seq = Number(text);
  if (!Number.isSafeInteger(seq)) {
    throw new SubscriptionError("CURSOR_INVALID", `cursor ${text} is not a number we can hold`);
  }
  const { first, last } = await streamBounds(bus);
  if (seq > last) {
    throw new SubscriptionError(
      "CURSOR_INVALID",
      `cursor ${seq} is beyond the stream (last sequence ${last})`,
    );
  }
  if (first > 0 && seq < first - 1) {
    throw new SubscriptionError(
      "CURSOR_INVALID",
      `cursor ${seq} is older than the stream's first message (sequence ${first})`,
    );
  }
  return seq;
}
