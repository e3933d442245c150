import { PermanentError, type Delivery } from "@pod/bus";
import { operationOf, subjects } from "@pod/protocol";
import { forwardUnchanged } from "@pod/runtime";

/**
 * Passes an accepted request on to pod.pipeline.ready.<op> unchanged, msg id
 * `ready:<request id>`. No storage class, compression, hashing or record building yet, and
 * nothing is routed to ipfs-storage (see the README).
 */
export async function markReady(delivery: Delivery): Promise<void> {
  const op = operationOf(delivery.subject);
  if (!op) {
    throw new PermanentError(`unknown operation in ${delivery.subject}`, {
      code: "UNKNOWN_OPERATION",
    });
  }
  // FIXME: the record is not built; the bytes that arrive are the bytes that leave.
  await forwardUnchanged(delivery, subjects.pipeline("ready", op), "ready");
}
