import type { IncomingMessage, ServerResponse } from "node:http";
import type { Bus } from "@pod/bus";
import { fields, subscriptionFilter, type SubscriptionFilter } from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import { z } from "zod";
import { describeIssue } from "./auth-message.js";
import type { ChallengeStore } from "./challenges.js";
import { resolveCursor } from "./cursor.js";
import { HTTP_STATUS, refusalOf, SubscriptionError } from "./errors.js";
import type { Hub } from "./hub.js";
import { sendJson } from "@pod/runtime";
import { readJson } from "./http-util.js";
import type { SubscriptionMetrics } from "./metrics.js";
import { SseSink } from "./sse-sink.js";

export interface SseEndpointOptions {
  hub: Hub;
  bus: Bus;
  challenges: ChallengeStore;
  metrics: SubscriptionMetrics;
  log: Logger;
  keepaliveMs: number;
  closeGraceMs: number;
}

const RECONNECT_MS = 1_000;

const challengeRequest = z.strictObject({ agent: fields.publicKey });

const eventsQuery = z.object({
  agent: fields.publicKey,
  nonce: z.string().min(1).max(128),
  signature: z.string().min(1).max(128),
  cursor: z.string().optional(),
});

/** POST /v1/challenge and GET /v1/events (Server-Sent Events). */
export function sseEndpoint(opts: SseEndpointOptions) {
  const { hub, metrics, log } = opts;
  const streams = new Set<SseSink>();
  const keepalive = setInterval(() => {
    for (const sink of streams) sink.comment("keepalive");
  }, opts.keepaliveMs);
  keepalive.unref();

  async function challenge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST")
      return sendJson(res, 405, { code: "BAD_REQUEST", reason: "POST only" });
    let body: unknown;
    try {
      body = await readJson(req, 4096);
    } catch {
      return sendJson(res, 400, { code: "BAD_REQUEST", reason: "body is not JSON" });
    }
    const parsed = challengeRequest.safeParse(body);
    if (!parsed.success) {
      return sendJson(res, 400, { code: "BAD_REQUEST", reason: describeIssue(parsed.error) });
    }
    sendJson(res, 200, await opts.challenges.issue(parsed.data.agent));
  }

  async function events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET")
      return sendJson(res, 405, { code: "BAD_REQUEST", reason: "GET only" });
    let release: () => void;
    try {
      release = hub.admit("sse");
    } catch (error) {
      const { code, reason } = refusalOf(error);
      return sendJson(res, HTTP_STATUS[code], { code, reason });
    }
    res.once("close", () => release());
    const url = new URL(req.url ?? "/", "http://localhost");
    let agent: string;
    let filter: SubscriptionFilter | undefined;
    let cursor: number | undefined;
    let cursorText: string | undefined;
    try {
      ({ agent, filter, cursorText } = parseQuery(url, req.headers["last-event-id"]));
      await opts.challenges.redeem(
        agent,
        url.searchParams.get("nonce")!,
        url.searchParams.get("signature")!,
      );
      cursor = cursorText === undefined ? undefined : await resolveCursor(opts.bus, cursorText);
    } catch (error) {
      const { code, reason } = refusalOf(error);
      if (code === "AUTH_FAILED" || code === "BAD_REQUEST") metrics.authFailed("sse", code);
      return sendJson(res, HTTP_STATUS[code], { code, reason });
    }
    if (res.destroyed) return;

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    // A second's reconnection delay instead of EventSource's default three: a drained server's
    // subscribers come back quickly (with Last-Event-ID) to another instance.
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    const sink = new SseSink(res, opts.closeGraceMs);
    sink.comment("ready");
    streams.add(sink);
    const session = hub.attach(agent, filter, sink);
    res.once("close", () => {
      streams.delete(sink);
      hub.detach(session);
    });
    log.debug(
      { event: "subscriber_ready", transport: "sse", agent, cursor: cursorText ?? null },
      "subscriber authenticated",
    );
    try {
      await hub.start(session, cursor);
    } catch (error) {
      log.error({ event: "replay_failed", err: error, agent }, "replay failed");
      session.end("INTERNAL", "replay from the cursor failed");
    }
  }

  return {
    challenge,
    events,
    close(): void {
      clearInterval(keepalive);
      for (const sink of streams) sink.fail("SERVER_DRAINING", "the server is shutting down");
    },
  };
}

/** Query parameters of GET /v1/events; `Last-Event-ID` wins over `cursor`. */
function parseQuery(url: URL, lastEventId: string | string[] | undefined) {
  const q = url.searchParams;
  const parsed = eventsQuery.safeParse(Object.fromEntries(q));
  if (!parsed.success) throw new SubscriptionError("BAD_REQUEST", describeIssue(parsed.error));
  const list = (name: string) => {
    const values = q
      .getAll(name)
      .flatMap((v) => v.split(","))
      .filter((v) => v !== "");
    return values.length > 0 ? values : undefined;
  };
  const raw = { senders: list("sender"), channels: list("channel"), kinds: list("kind") };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const filterParse = subscriptionFilter.safeParse(defined);
  if (!filterParse.success) {
    throw new SubscriptionError("BAD_REQUEST", describeIssue(filterParse.error));
  }
  const header = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  const cursorText = header !== undefined && header !== "" ? header : parsed.data.cursor;
  const filter = Object.keys(defined).length > 0 ? filterParse.data : undefined;
  return { agent: parsed.data.agent, filter, cursorText };
}
