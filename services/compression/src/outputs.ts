import { encodePayload } from "@pod/bus";
import {
  buildReady,
  PROTOCOL_VERSION,
  requestKeyOf,
  sha256Of,
  subjects,
  toBase64,
  toHex,
  type SignedRequest,
  type StorePayload,
} from "@pod/protocol";
import type { Decision } from "./decision.js";

/** One message to publish: where, under which stable id, and its encoded body. */
export interface Output {
  subject: string;
  msgId: string;
  data: Uint8Array;
}

/**
 * The payload a decision publishes: a ready record built and schema-checked by the protocol
 * (a SchemaError names what is inconsistent), or the content for ipfs-storage. Its message
 * id is `<stage>:<requestKey>`, so a republish is deduplicated.
 */
export function outputOf(request: SignedRequest, decision: Decision): Output {
  const key = requestKeyOf(request);
  if (decision.route === "ready") {
    const ready = buildReady(request, decision.storage, decision.location);
    return {
      subject: subjects.pipeline("ready", request.op),
      msgId: `ready:${key}`,
      data: encodePayload(ready),
    };
  }
  // Valid by construction: the request passed the accepted schema a moment ago and the
  // content and its hash are computed here. Parsing it again would re-check up to 64 KiB of
  // text twice per large message (the tests parse it against the schema).
  const store: StorePayload = {
    v: PROTOCOL_VERSION,
    requestId: request.id,
    request,
    storage: decision.storage,
    content: toBase64(decision.raw),
    contentHash: toHex(sha256Of(decision.raw)),
  };
  return {
    subject: subjects.pipeline("store", request.op),
    msgId: `store:${key}`,
    data: encodePayload(store),
  };
}
