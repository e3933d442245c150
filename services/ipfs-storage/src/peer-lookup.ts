import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { subjects } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import type { CID } from "multiformats/cid";
import { matchesCid, parseCid, RAW_CODE } from "./cid.js";
import type { ContentStore } from "./content-store.js";

/**
 * Core NATS subject on which instances ask each other for a raw block they do not hold. Every
 * instance subscribes (no queue group): pod.ipfs.get is spread over instances by its queue
 * group, and each instance has its own disk, so the one that took a request may not hold the
 * block another one stored.
 */
export const PEER_GET_SUBJECT = subjects.ipfsPeerGet;

export interface PeerLookupOptions {
  servers: string[];
  name: string;
  store: ContentStore;
  log: Logger;
  /** How long to wait for a peer; a miss everywhere costs this much when peers exist. */
  timeoutMs: number;
  /** Peer requests answered at once. */
  concurrency: number;
}

export interface PeerLookup {
  /**
   * The block of a raw CID from another instance, checked against the CID (a peer is not
   * trusted), or undefined when no peer has it in time.
   */
  fetch(cid: CID): Promise<Uint8Array | undefined>;
  stop(): Promise<void>;
}

/**
 * Asks and answers peers on a connection of its own opened with `noEcho`, so that an instance
 * never receives its own question: alone on the broker it gets "no responders" at once instead
 * of waiting out the timeout. A peer without the block stays silent; only a holder answers.
 * Only raw blocks travel (all content up to MAX_CONTENT_BYTES is one raw block): their bytes
 * are verifiable against the CID by the asker.
 */
export async function startPeerLookup(options: PeerLookupOptions): Promise<PeerLookup> {
  const nc: NatsConnection = await connect({
    servers: options.servers,
    name: `${options.name}-peers`,
    noEcho: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  });
  const sub = nc.subscribe(PEER_GET_SUBJECT);
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const msg of sub) {
      while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
      const answering = answerPeer(options.store, msg).finally(() => inFlight.delete(answering));
      inFlight.add(answering);
    }
  })();

  return {
    async fetch(cid) {
      if (cid.code !== RAW_CODE || nc.isClosed()) return undefined;
      let reply: Msg;
      try {
        reply = await nc.request(PEER_GET_SUBJECT, cid.toString(), { timeout: options.timeoutMs });
      } catch {
        return undefined; // no responders, or nobody had it in time
      }
      if (reply.data.length > options.store.maxContentBytes) return undefined;
      if (!(await matchesCid(cid, reply.data))) {
        options.log.warn(
          { event: "peer_block_refused", cid: cid.toString() },
          "peer sent bytes that do not match the CID",
        );
        return undefined;
      }
      return reply.data;
    },
    async stop() {
      await sub.drain().catch(() => undefined);
      await loop.catch(() => undefined);
      await Promise.allSettled(inFlight);
      await nc.close().catch(() => undefined);
    },
  };
}

async function answerPeer(store: ContentStore, msg: Msg): Promise<void> {
  if (!msg.reply) return;
  try {
    const block = await store.readLocalBlock(parseCid(msg.string()));
    msg.respond(block);
  } catch {
    // Not held here (or unreadable, or corrupt): another peer may have it; stay silent.
  }
}
