import type { Delivery } from "@pod/bus";
import { describe, expect, it } from "vitest";
import { forwardedHeaders, requestIdOf } from "../src/index.js";

/** Only the fields these pure functions read; they never publish. */
function delivery(body: unknown, msgId?: string, headers: Record<string, string> = {}) {
  const data = new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
  return { subject: "pod.pipeline.accepted.send_direct", data, msgId, headers } as Delivery;
}

describe("forwarding helpers", () => {
  it("forward - the request id comes from the body first, then from the message id", () => {
    expect(requestIdOf(delivery({ requestId: "r-1", id: "other" }, "accepted:x"))).toBe("r-1");
    expect(requestIdOf(delivery({ id: "r-2" }, "accepted:x"))).toBe("r-2");
    expect(requestIdOf(delivery("not json", "accepted:r-3"))).toBe("r-3");
    // An agent's own id is kept whole, even when it contains a colon.
    expect(requestIdOf(delivery("raw", "agent:r-4"))).toBe("agent:r-4");
  });

  it("forward - a message without any id is refused as permanent (dead-lettered, not retried)", () => {
    expect(() => requestIdOf(delivery("raw"))).toThrow(
      expect.objectContaining({ code: "REQUEST_ID_MISSING", permanent: true }),
    );
  });

  it("forward - per-hop headers are dropped, application headers kept", () => {
    const headers = forwardedHeaders(
      delivery({}, "m", {
        "Nats-Msg-Id": "m",
        "Nats-Expected-Stream": "X",
        traceparent: "00-aa-bb-01",
        tracestate: "k=v",
        "Pod-Agent": "A",
      }),
    );
    expect(headers).toEqual({ "Pod-Agent": "A" });
  });
});
