import { PermanentError, type Delivery } from "@pod/bus";
import { operationOf, subjects } from "@pod/protocol";
import { forwardUnchanged } from "@pod/runtime";

/**
 * Passes a message from pod.pipeline.store.<op> on to pod.pipeline.ready.<op> unchanged, msg
 * id `ready:<request id>`. Nothing is added to IPFS yet (see the README).
 */
export async function passToReady(delivery: Delivery): Promise<void> {
  const op = operationOf(delivery.subject);
  if (!op) {
    throw new PermanentError(`unknown operation in ${delivery.subject}`, {
      code: "UNKNOWN_OPERATION",
    });
  }
  // FIXME: no helia node yet; content is neither stored nor pinned and gets no CID.
  await forwardUnchanged(delivery, subjects.pipeline("ready", op), "ready");
}
