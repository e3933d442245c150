import { PermanentError, type Delivery } from "@pod/bus";
import { operationOf, subjects } from "@pod/protocol";
import { forwardUnchanged } from "@pod/runtime";

/**
 * Passes a request on to pod.pipeline.accepted.<op> exactly as it arrived, with msg id
 * `accepted:<request id>`. Validation, signature checks, replay and rate limits are not
 * done yet (see the README); an unknown operation is refused.
 */
export async function acceptUnchanged(delivery: Delivery): Promise<void> {
  const op = operationOf(delivery.subject);
  if (!op) {
    throw new PermanentError(`unknown operation in ${delivery.subject}`, {
      code: "UNKNOWN_OPERATION",
    });
  }
  // FIXME: no validation yet; every well-addressed request is accepted as it is.
  await forwardUnchanged(delivery, subjects.pipeline("accepted", op), "accepted");
}
