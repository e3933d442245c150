import { signChallenge } from "@pod/protocol";
import { fromServer, SubscriptionError } from "./errors.js";
import { endpoint, type Connection, type ConnectRequest } from "./transport.js";

/**
 * The Server-Sent Events transport over fetch streaming: POST /v1/challenge, then GET
 * /v1/events with the signed answer, cursor and filter in the query. Each `message` event's
 * data is a delivery; an `error` event ends the stream. Backpressure is the reader's: a paused
 * connection stops pulling from the body.
 */
export async function connectSse(request: ConnectRequest): Promise<Connection> {
  const abort = new AbortController();
  const challenge = await post(request, abort.signal);
  if (request.audience !== undefined && challenge.audience !== request.audience) {
    throw new SubscriptionError(
      "AUDIENCE_MISMATCH",
      `the server's audience ${JSON.stringify(challenge.audience)} is not ${JSON.stringify(request.audience)}`,
    );
  }

  const url = endpoint(request.url, "/v1/events", "http");
  const q = url.searchParams;
  q.set("agent", request.keypair.address);
  q.set("nonce", challenge.nonce);
  q.set("signature", signChallenge(request.keypair, challenge.nonce, challenge.audience));
  if (request.cursor !== undefined) q.set("cursor", request.cursor);
  if (request.filter?.senders) q.set("sender", request.filter.senders.join(","));
  if (request.filter?.channels) q.set("channel", request.filter.channels.join(","));
  if (request.filter?.kinds) q.set("kind", request.filter.kinds.join(","));

  const res = await fetchOrFail(url, {
    signal: abort.signal,
    headers: { accept: "text/event-stream" },
  });
  if (res.status !== 200 || !res.body) {
    throw fromServer(await res.json().catch(() => undefined), res.status);
  }

  let paused = false;
  let wake: (() => void) | undefined;
  let idle: NodeJS.Timeout | undefined;
  let lost: SubscriptionError | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      lost = new SubscriptionError("CONNECTION_LOST", `no event for ${request.idleTimeoutMs} ms`);
      abort.abort();
    }, request.idleTimeoutMs);
    idle.unref?.();
  };

  const reader = res.body.getReader();
  const ended = (async (): Promise<SubscriptionError> => {
    const decoder = new TextDecoder();
    let buffer = "";
    touch();
    try {
      for (;;) {
        while (paused) await new Promise<void>((r) => (wake = r));
        const { value, done } = await reader.read();
        if (done) return new SubscriptionError("CONNECTION_LOST", "the stream ended");
        touch();
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = parseEvent(block);
          if (!event) continue;
          if (event.type === "error") return fromServer(safeJson(event.data));
          if (event.type === "message") request.onMessage(safeJson(event.data));
        }
      }
    } catch (cause) {
      return lost ?? new SubscriptionError("CONNECTION_LOST", (cause as Error).message, { cause });
    } finally {
      clearTimeout(idle);
      abort.abort();
    }
  })();

  return {
    ended,
    pause: () => {
      paused = true;
      clearTimeout(idle);
    },
    resume: () => {
      paused = false;
      wake?.();
      wake = undefined;
    },
    close: () => {
      paused = false;
      wake?.();
      abort.abort();
    },
  };
}

async function post(
  request: ConnectRequest,
  signal: AbortSignal,
): Promise<{ nonce: string; audience: string }> {
  const res = await fetchOrFail(endpoint(request.url, "/v1/challenge", "http"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ agent: request.keypair.address }),
    signal,
  });
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (res.status !== 200) throw fromServer(body, res.status);
  if (typeof body?.nonce !== "string" || typeof body.audience !== "string") {
    throw new SubscriptionError("PROTOCOL_ERROR", "a challenge without nonce or audience");
  }
  return { nonce: body.nonce, audience: body.audience };
}

async function fetchOrFail(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw new SubscriptionError("CONNECTION_FAILED", (cause as Error).message, { cause });
  }
}

/** One SSE event block: `event:` and `data:` lines (data lines joined), comments skipped. */
function parseEvent(block: string): { type: string; data: string } | undefined {
  let type = "message";
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
  }
  return data.length === 0 ? undefined : { type, data: data.join("\n") };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
