import type { IncomingMessage, ServerResponse } from "node:http";
import type { Bus } from "@pod/bus";
import { fields } from "@pod/protocol";
import type { EventFeed } from "./event-feed.js";
import { sendJson } from "@pod/runtime";
import { inStateTree, parseConfirmed } from "./prepare.js";
import type { ProofSource } from "./proofs.js";
import { EVENTS_STREAM } from "./stream-reader.js";

export const PROOF_PREFIX = "/v1/proof/";

/**
 * GET /v1/proof/<requestKey>, without auth (chain data is public): the message's confirmed
 * event and its inclusion proof. 404 for a message this instance does not know (or has no
 * proof for yet), 409 NOT_COMPRESSED for one that is not in a state tree.
 */
export function proofRoute(opts: { bus: Bus; feed: EventFeed; proofs: ProofSource }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET")
      return sendJson(res, 405, { code: "BAD_REQUEST", reason: "GET only" });
    const key = decodeURIComponent((req.url ?? "").split("?")[0]!.slice(PROOF_PREFIX.length));
    if (!fields.requestKeyField.safeParse(key).success) {
      return sendJson(res, 400, { code: "BAD_REQUEST", reason: "not a request key" });
    }
    const seq = opts.feed.messageIndex.get(key);
    if (seq === undefined)
      return sendJson(res, 404, { code: "NOT_FOUND", reason: "no such message" });
    const stored = await opts.bus.jsm.streams.getMessage(EVENTS_STREAM, { seq }).catch(() => null);
    if (!stored) return sendJson(res, 404, { code: "NOT_FOUND", reason: "event left the stream" });
    const { event } = parseConfirmed(stored.data);
    if (!inStateTree(event)) {
      return sendJson(res, 409, { code: "NOT_COMPRESSED", reason: `stored as ${event.storage}` });
    }
    if (!opts.proofs.available) {
      return sendJson(res, 503, { code: "PROOF_UNAVAILABLE", reason: "no tree follower" });
    }
    const proof = await opts.proofs.proofFor(event.commitment, 0);
    if (!proof) return sendJson(res, 404, { code: "NOT_FOUND", reason: "leaf not seen yet" });
    sendJson(res, 200, { event, proof });
  };
}
