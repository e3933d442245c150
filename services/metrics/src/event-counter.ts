import { EVENTS, subjects, type EventEntity } from "@pod/protocol";
import type { Meter } from "@pod/runtime";

/** Subjects the protocol defines; anything else under pod.events.> is counted as "other". */
const KNOWN_SUBJECTS = new Set(
  (Object.keys(EVENTS) as EventEntity[]).flatMap((entity) =>
    EVENTS[entity].map((event) => subjects.event(entity, event as never)),
  ),
);

/**
 * `pod_events_total{subject}`: one per lifecycle event read. Unknown subjects share the label
 * "other", so a stray publisher cannot grow the label set without bound.
 */
export function eventCounter(meter: Meter): (subject: string) => void {
  const events = meter.createCounter("pod_events", {
    description: "Lifecycle events read from pod.events.>, by subject",
  });
  return (subject) => events.add(1, { subject: KNOWN_SUBJECTS.has(subject) ? subject : "other" });
}
