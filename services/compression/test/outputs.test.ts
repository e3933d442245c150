import {
  fromBase64,
  parsePayload,
  requestKeyOf,
  subjects,
  toBase64,
  type SignedRequest,
} from "@pod/protocol";
import { describe, expect, it } from "vitest";
import { decide, outputOf, type Policy } from "../src/index.js";
import { channelMessage, directMessage, noise, prose, requestOf } from "./support/requests.js";

const POLICY: Policy = {
  directForExpiring: true,
  defaultClass: "compressed",
  inlineMaxBase64: 320,
  brotliQuality: 9,
};

function output(request: SignedRequest) {
  const out = outputOf(request, decide(request, POLICY));
  return { ...out, body: JSON.parse(new TextDecoder().decode(out.data)) as unknown };
}

describe("outputs", () => {
  it("store - the payload for ipfs-storage is schema-valid, carries the raw content and its hash", () => {
    const contents = [
      { bytes: toBase64(noise(5_000)) },
      { text: prose(500) + toBase64(noise(600)) },
    ];
    for (const content of contents) {
      const request = channelMessage(content);
      const out = output(request);
      expect(out.subject).toBe(subjects.pipeline("store", "post_channel"));
      expect(out.msgId).toBe(`store:${requestKeyOf(request)}`);
      const store = parsePayload("pipeline.store", out.body);
      expect(store).toMatchObject({ requestId: request.id, storage: "compressed", request });
      const raw = content.bytes
        ? fromBase64(content.bytes)!
        : new TextEncoder().encode(content.text);
      expect(fromBase64(store.content)).toEqual(raw);
    }
    const expiring = output(directMessage({ bytes: toBase64(noise(5_000)) }));
    expect(parsePayload("pipeline.store", expiring.body).storage).toBe("direct");
  });

  it("ready - the record goes to pod.pipeline.ready.<op> under ready:<requestKey>, schema-valid", () => {
    for (const request of [requestOf("update_agent"), requestOf("send_direct")]) {
      const out = output(request);
      expect(out.subject).toBe(subjects.pipeline("ready", request.op));
      expect(out.msgId).toBe(`ready:${requestKeyOf(request)}`);
      expect(parsePayload("pipeline.ready", out.body).requestId).toBe(request.id);
    }
  });
});
