import { PermanentError, TransientError, type Bus, type Delivery, type Handler } from "@pod/bus";
import {
  PodError,
  RateLimitedError,
  rejectionOf,
  requestKeyOf,
  SchemaError,
  type Operation,
  type SignedRequest,
} from "@pod/protocol";
import type { Logger } from "@pod/runtime";
import type { AgentDirectory } from "./agent-directory.js";
import type { CheckPool } from "./check-pool.js";
import { checkTimestamps, operationOfIngestSubject } from "./check-request.js";
import type { IngestLimits } from "./config.js";
import type { IngestMetrics } from "./metrics.js";
import { publishAccepted, publishRejected, senderOf } from "./outcomes.js";
import type { RateLimiter } from "./rate-limiter.js";
import { replyInboxOf } from "./reply-to.js";
import type { ClaimOutcome, ReplayGuard } from "./replay-guard.js";

export interface IngestDeps {
  bus: Bus;
  limits: IngestLimits;
  checks: CheckPool;
  replay: ReplayGuard;
  directory: AgentDirectory;
  rate: RateLimiter;
  metrics: IngestMetrics;
  log: Logger;
  clock?: () => number;
}

/** Registrations are how an agent becomes known: they skip the directory check. */
const REGISTRATIONS: ReadonlySet<Operation> = new Set(["register_agent", "register_agents"]);

/**
 * The handler of `pod.ingest.<op>`: the checks of the contract in order, then accepted or
 * rejected. A refused request is answered (event, verdict) and its message acked: bad input is
 * never retried, never dead-lettered, never holds up the stream. Only ingest's own trouble (the
 * broker or a bucket unreachable) throws, so the message is retried.
 */
export function requestHandler(deps: IngestDeps): Handler {
  const clock = deps.clock ?? Date.now;
  return async (delivery) => {
    const started = performance.now();
    const now = clock();
    const inbox = replyInboxOf(delivery.headers);
    let request: SignedRequest | undefined;
    const claimed: string[] = [];
    try {
      request = await checkPure(deps.checks, delivery, now);
      checkTimestamps(request, now, deps.limits.maxClockSkewMs);
      const requestKey = requestKeyOf(request);
      const claim = await claimKeys(
        deps.replay,
        request,
        requestKey,
        delivery.streamSequence,
        claimed,
      );
      if (!REGISTRATIONS.has(request.op)) await deps.directory.require(request.agent);
      await chargeRate(deps.rate, request.agent, claim);
      await publishAccepted(deps.bus, delivery, request, requestKey, now, inbox, clock);
      deps.metrics.accepted(request.op);
      if (deps.log.isLevelEnabled("debug")) {
        deps.log.debug(
          { event: "request_accepted", op: request.op, request_key: requestKey, claim },
          "accepted",
        );
      }
    } catch (error) {
      const rejection = rejectionOf(error);
      if (rejection === undefined) throw error;
      // The agent may send the same id again once it fixes what a later check refused.
      if (claimed.length > 0) await Promise.all(claimed.map((key) => deps.replay.release(key)));
      // Oversized bytes are not parsed even to name their sender.
      const bytes = delivery.data.length <= deps.limits.maxRequestBytes ? delivery.data : undefined;
      const sender = senderOf(request, bytes, operationOfIngestSubject(delivery.subject));
      await publishRejected(deps.bus, delivery, rejection, sender, inbox, clock());
      deps.metrics.rejected(rejection.code, sender.op);
      if (deps.log.isLevelEnabled("debug")) {
        deps.log.debug(
          { event: "request_rejected", seq: delivery.streamSequence, ...rejection, ...sender },
          "rejected",
        );
      }
    } finally {
      deps.metrics.checkDuration((performance.now() - started) / 1000);
    }
  };
}

/**
 * Checks 1-4. They depend on the bytes alone, so any failure is the request's: a protocol
 * error that is not a rejection code still refuses the request (as SCHEMA_INVALID), a lost
 * check worker is retried, and anything else is a defect of ours, parked at once.
 */
async function checkPure(
  checks: CheckPool,
  delivery: Delivery,
  now: number,
): Promise<SignedRequest> {
  try {
    return await checks.check(delivery.subject, delivery.data, now);
  } catch (error) {
    if (rejectionOf(error) !== undefined || error instanceof TransientError) throw error;
    if (error instanceof PodError) {
      throw new SchemaError([
        { field: "", rule: error.code.toLowerCase(), message: error.message },
      ]);
    }
    throw new PermanentError(`checking ${delivery.subject} failed unexpectedly`, {
      code: "INGEST_CHECK_FAILED",
      cause: error,
    });
  }
}

/**
 * Takes a token. A redelivery of a message whose key it already claimed ("own") is charged
 * too, but never refused: its earlier attempt may have been charged and even published
 * before it died, and refusing it now would reject what may already be accepted. The leak is
 * one request per redelivery, and redeliveries only follow failures.
 */
async function chargeRate(rate: RateLimiter, agent: string, claim: ClaimOutcome): Promise<void> {
  if (claim === "claimed") return rate.take(agent);
  try {
    await rate.take(agent);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
  }
}

/**
 * Claims the request's key and, for a batch, every entry's key (each entry is a request of
 * its own agent, so it cannot ride in again inside another batch). Keys claimed (or found to
 * be this message's own) are pushed to `claimed` as they succeed, for release on rejection.
 */
async function claimKeys(
  replay: ReplayGuard,
  request: SignedRequest,
  requestKey: string,
  seq: number,
  claimed: string[],
): Promise<ClaimOutcome> {
  const who = { requestId: request.id, agent: request.agent };
  const outcome = await replay.claim(requestKey, seq, who);
  claimed.push(requestKey);
  if (request.op !== "register_agents") return outcome;
  const entries = request.body.registrations.map((entry, index) => ({
    key: requestKeyOf(entry),
    who: { requestId: entry.id, agent: entry.agent, field: `body.registrations[${index}]` },
  }));
  const results = await Promise.allSettled(
    entries.map(async (e) => {
      await replay.claim(e.key, seq, e.who);
      claimed.push(e.key);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  return outcome;
}
