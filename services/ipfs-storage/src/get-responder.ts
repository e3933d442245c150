import type { Bus } from "@pod/bus";
import { ipfsGetRequest, subjects, toBase64, type IpfsGetReply } from "@pod/protocol";
import { headers as natsHeaders, type Msg } from "@nats-io/transport-node";
import type { Logger } from "@pod/runtime";
import { parseCid } from "./cid.js";
import type { ContentStore } from "./content-store.js";
import { CidInvalidError, refusalOf } from "./errors.js";
import { outcomeOf, type IpfsMetrics } from "./metrics.js";

/** Queue group of pod.ipfs.get: each request goes to one instance of the service. */
export const IPFS_GET_QUEUE = "ipfs-storage";

export interface GetResponderDeps {
  bus: Bus;
  store: ContentStore;
  metrics: IpfsMetrics;
  log: Logger;
  concurrency: number;
}

export interface GetResponder {
  /** Stops taking requests and waits for the ones being answered. */
  stop(): Promise<void>;
}

const MAX_REASON = 1024;

/**
 * Answers `pod.ipfs.get` (core NATS request-reply): IpfsGetRequest -> IpfsGetReply with the
 * verified content, or a coded refusal. A failure that is not the reader's business (a read
 * timeout, the node stopping) is answered with the NATS service-error headers and no body, so
 * the requester fails fast instead of waiting out its timeout. Messages are taken from the
 * subscription's iterator and answered `concurrency` at a time: nothing awaits inside a
 * callback, so socket reads are never held up.
 */
export function serveIpfsGet(deps: GetResponderDeps): GetResponder {
  const sub = deps.bus.nc.subscribe(subjects.ipfsGet, { queue: IPFS_GET_QUEUE });
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const msg of sub) {
      while (inFlight.size >= deps.concurrency) await Promise.race(inFlight);
      const answering = answer(deps, msg).finally(() => inFlight.delete(answering));
      inFlight.add(answering);
    }
  })();
  deps.log.info({ event: "ipfs_get_serving", subject: subjects.ipfsGet, queue: IPFS_GET_QUEUE });

  return {
    async stop() {
      if (!sub.isClosed()) await sub.drain().catch(() => undefined);
      await loop.catch(() => undefined);
      await Promise.allSettled(inFlight);
    },
  };
}

async function answer(deps: GetResponderDeps, msg: Msg): Promise<void> {
  if (!msg.reply) return;
  let reply: IpfsGetReply;
  try {
    const cid = parseCid(requestedCid(msg));
    const content = await deps.store.read(cid);
    reply = { ok: true, cid: cid.toString(), content: toBase64(content) };
    deps.metrics.get("nats", "hit");
  } catch (error) {
    const refusal = refusalOf(error);
    deps.metrics.get("nats", outcomeOf(refusal?.code));
    if (!refusal) {
      deps.log.warn({ event: "ipfs_get_failed", err: error }, "pod.ipfs.get failed");
      const h = natsHeaders();
      h.set("Nats-Service-Error", oneLine((error as Error).message));
      h.set("Nats-Service-Error-Code", "503");
      h.set("Pod-Error-Code", String((error as { code?: unknown }).code ?? "INTERNAL"));
      respond(msg, new Uint8Array(0), h);
      return;
    }
    reply = { ok: false, code: refusal.code, reason: oneLine(refusal.reason) };
  }
  respond(msg, JSON.stringify(reply));
}

/** The CID asked for; a request that is not an IpfsGetRequest is CID_INVALID. */
function requestedCid(msg: Msg): string {
  let value: unknown;
  try {
    value = msg.json();
  } catch (cause) {
    throw new CidInvalidError('request is not JSON {"cid": "<base32 CIDv1>"}', { cause });
  }
  const parsed = ipfsGetRequest.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CidInvalidError(
      `${issue?.path.join(".") || "request"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data.cid;
}

function respond(msg: Msg, data: Uint8Array | string, headers?: ReturnType<typeof natsHeaders>) {
  try {
    msg.respond(data, headers ? { headers } : undefined);
  } catch {
    // The connection is closing: the requester times out, as it would without an answer.
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim() || "failed";
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}
