import { parsePayload, requestKeyOf, subjects, utf8Bytes, type SignedRequest } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { brotli } from "../src/content-encoding.js";
import { channelMessage, directMessage } from "./support/requests.js";
import { compressionForTests, publishAccepted, waitForMessage } from "./support/pipeline.js";

type Env = ReturnType<typeof compressionForTests>;

function outputOf(env: Env, request: SignedRequest, stage: "ready" | "store") {
  const subject = subjects.pipeline(stage, request.op);
  return waitForMessage(env.client, subject, `${stage}:${requestKeyOf(request)}`);
}

describe("compression with a small inline limit and direct as the default class", () => {
  // "hello bob" is 12 base64 characters, "hi" 4: a limit of 8 keeps only the second inline.
  const env = compressionForTests({
    COMPRESSION_INLINE_MAX_BYTES: "8",
    COMPRESSION_DEFAULT_CLASS: "direct",
  });

  it("thresholds - the inline limit and the default class from env decide route and class", async () => {
    const short = channelMessage({ text: "hi" });
    const longer = channelMessage({ text: "hello bob" });
    await publishAccepted(env.client, short);
    await publishAccepted(env.client, longer);

    // With the defaults both would be inline compressed records.
    const ready = parsePayload("pipeline.ready", (await outputOf(env, short, "ready")).json());
    expect(ready.storage).toBe("direct");
    const store = parsePayload("pipeline.store", (await outputOf(env, longer, "store")).json());
    expect(store.storage).toBe("direct");
  });
});

describe("compression without the expiry rule, at brotli quality 11", () => {
  const env = compressionForTests({
    COMPRESSION_DIRECT_FOR_EXPIRING: "false",
    COMPRESSION_BROTLI_QUALITY: "11",
  });

  it("thresholds - an expiring direct message takes the default class; quality 11 is what rides inline", async () => {
    const text = "Hello Bob, the meeting moved to 3pm tomorrow. Bring the quarterly report.";
    const expiring = directMessage({ text });
    await publishAccepted(env.client, expiring);
    const ready = parsePayload("pipeline.ready", (await outputOf(env, expiring, "ready")).json());
    // With the defaults an expiring message is a direct (per-account) record.
    expect(ready.storage).toBe("inline");
    if (ready.op !== "send_direct") throw new Error("op");
    expect(ready.record.expiresAt).toBe(expiring.body.expiresAt);
    expect(ready.record.contentEncoding).toBe("br");
    const q11 = brotli(utf8Bytes(text), 11, "text");
    expect(ready.sizes.inlineBytes).toBe(q11.length);
    expect(q11.length).toBeLessThan(brotli(utf8Bytes(text), 9, "text").length);
  });
});
