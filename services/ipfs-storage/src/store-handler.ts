import { PermanentError, type Delivery } from "@pod/bus";
import {
  buildReady,
  contentHashOf,
  decodePayload,
  fromBase64,
  operationOf,
  PodError,
  PROTOCOL_VERSION,
  requestKeyOf,
  subjects,
  type ContentStoredEvent,
  type StorePayload,
} from "@pod/protocol";
import { forwardedHeaders } from "@pod/runtime";
import type { Logger } from "@pod/runtime";
import { withAddSpan } from "./add-span.js";
import type { ContentStore } from "./content-store.js";
import type { IpfsMetrics } from "./metrics.js";

export interface StoreHandlerDeps {
  store: ContentStore;
  metrics: IpfsMetrics;
  log: Logger;
}

/**
 * pod.pipeline.store.<op> -> IPFS -> pod.pipeline.ready.<op> (msg id `ready:<requestKey>`) and
 * pod.events.content.stored (msg id `stored:<requestKey>`). The bus acks the input after both
 * PubAcks; a redelivery stores the same CID again (a no-op) and both publishes are dropped as
 * duplicates by the server, so nothing is published twice. Bad input and oversized content are
 * PermanentErrors (dead-lettered at once, with their code); store failures are retried.
 */
export function storeHandler(deps: StoreHandlerDeps): (delivery: Delivery) => Promise<void> {
  return async (delivery) => {
    const payload = parseStore(delivery);
    const { request } = payload;
    const requestKey = requestKeyOf(request);
    const content = fromBase64(payload.content)!; // canonical base64: checked by the schema

    const stored = await withAddSpan(requestKey, content.byteLength, () => deps.store.add(content));
    deps.metrics.stored(stored);
    const cid = stored.cid.toString();
    deps.log.debug(
      {
        event: "content_stored",
        request_key: requestKey,
        cid,
        bytes: stored.bytes,
        new_block: stored.added,
      },
      "content stored",
    );
    if (stored.repaired) {
      deps.log.warn({ event: "block_repaired", cid }, "block on disk was damaged and is rewritten");
    }

    const ready = permanentOnPodError(() => buildReady(request, payload.storage, { cid }));
    await delivery.publish(subjects.pipeline("ready", request.op), ready, {
      msgId: `ready:${requestKey}`,
      headers: forwardedHeaders(delivery),
    });
    const event: ContentStoredEvent = {
      v: PROTOCOL_VERSION,
      requestId: request.id,
      cid,
      bytes: stored.bytes,
      at: Date.now(),
    };
    await delivery.publish(subjects.event("content", "stored"), event, {
      msgId: `stored:${requestKey}`,
    });
  };
}

/** The store payload, checked against its subject and its signed request. */
function parseStore(delivery: Delivery): StorePayload {
  const payload = permanentOnPodError(() => decodePayload("pipeline.store", delivery.data));
  const op = operationOf(delivery.subject);
  if (op !== payload.request.op) {
    throw new PermanentError(
      `payload is for ${payload.request.op} but arrived on ${delivery.subject}`,
      { code: "OPERATION_MISMATCH" },
    );
  }
  // The schema ties content to contentHash; the record's contentHash comes from the signed
  // request, so the CID must be of that content, not of whatever bytes rode along.
  const body = payload.request.body as { content: Parameters<typeof contentHashOf>[0] };
  const signed = contentHashOf(body.content);
  if (signed !== payload.contentHash) {
    throw new PermanentError(
      `content hashes to ${payload.contentHash}, the signed request's content to ${signed}`,
      { code: "CONTENT_HASH_MISMATCH" },
    );
  }
  return payload;
}

/** Protocol errors (schema, size, encoding) are bad input: dead-letter with their own code. */
function permanentOnPodError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PodError) {
      throw new PermanentError(error.message, { code: error.code, cause: error });
    }
    throw error;
  }
}
