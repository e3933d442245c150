import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";

/** True when a KV write was refused because the key moved past the expected revision. */
export function isRevisionConflict(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence ||
      error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}
