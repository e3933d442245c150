import { decodePayload, operationOf, type SignedRequest } from "@pod/protocol";
import type { Policy } from "./config.js";
import { decide, type Decision } from "./decision.js";
import {
  AcceptedPayloadInvalidError,
  OperationMismatchError,
  RecordRefusedError,
} from "./errors.js";
import { outputOf, type Output } from "./outputs.js";

/** Everything the handler does before it publishes: decode, decide, build, encode. */
export interface Plan {
  request: SignedRequest;
  decision: Decision;
  output: Output;
}

/** The request of an AcceptedPayload on `subject`; a permanent error for anything else. */
export function acceptedRequestOf(subject: string, data: Uint8Array): SignedRequest {
  let request: SignedRequest;
  try {
    request = decodePayload("pipeline.accepted", data).request;
  } catch (cause) {
    throw new AcceptedPayloadInvalidError(subject, cause);
  }
  if (operationOf(subject) !== request.op) throw new OperationMismatchError(subject, request.op);
  return request;
}

/**
 * The pure part of handling one accepted message. Every failure is permanent: the same bytes
 * and policy would fail the same way on every delivery.
 */
export function planDelivery(subject: string, data: Uint8Array, policy: Policy): Plan {
  const request = acceptedRequestOf(subject, data);
  try {
    const decision = decide(request, policy);
    return { request, decision, output: outputOf(request, decision) };
  } catch (cause) {
    throw new RecordRefusedError(request.id, cause);
  }
}
