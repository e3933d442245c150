import { describe, expect, it } from "vitest";
import { replyInboxOf } from "../src/reply-to.js";

describe("Pod-Reply-To", () => {
  it("reply-to - an agent's inbox is used, whatever the header's case", () => {
    expect(replyInboxOf({ "Pod-Reply-To": "_INBOX.abc123" })).toBe("_INBOX.abc123");
    expect(replyInboxOf({ "pod-reply-to": "agents.me.verdicts" })).toBe("agents.me.verdicts");
  });

  it("reply-to - subjects a stream or the server owns, wildcards and junk are refused", () => {
    for (const inbox of [
      "pod.pipeline.accepted.send_direct",
      "POD.events.request.accepted",
      "$JS.API.STREAM.DELETE.POD_REQUESTS",
      "$KV.pod_agents.x",
      "_INBOX.*",
      "a.>",
      "has space",
      "a..b",
      "",
      "x".repeat(300),
    ]) {
      expect(replyInboxOf({ "Pod-Reply-To": inbox }), inbox).toBeUndefined();
    }
    expect(replyInboxOf({})).toBeUndefined();
  });
});
