import {
  buildReady,
  inlineContentOf,
  OPERATIONS,
  toBase64,
  utf8Bytes,
  type Operation,
} from "@pod/protocol";
import { describe, expect, it } from "vitest";
import {
  base64Length,
  decide,
  encodeContent,
  maxBytesForBase64,
  PROBE_QUALITY,
  recordClassOf,
  type Policy,
} from "../src/index.js";
import { brotli } from "../src/content-encoding.js";
import { channelMessage, directMessage, noise, prose, requestOf } from "./support/requests.js";

const DEFAULTS: Policy = {
  directForExpiring: true,
  defaultClass: "compressed",
  inlineMaxBase64: 320,
  brotliQuality: 9,
};
const text = (s: string) => ({ text: s });
const bytes = (b: Uint8Array) => ({ bytes: toBase64(b) });

describe("record class", () => {
  it("class - an expiring send_direct is direct; a lasting one and a post_channel take the default", () => {
    expect(recordClassOf(directMessage(text("hi")), DEFAULTS)).toBe("direct");
    expect(recordClassOf(directMessage(text("hi"), { expiring: false }), DEFAULTS)).toBe(
      "compressed",
    );
    expect(recordClassOf(channelMessage(text("hi")), DEFAULTS)).toBe("compressed");
  });

  it("class - without the expiry rule expiring messages take the default; default direct makes every message direct", () => {
    const noExpiryRule = { ...DEFAULTS, directForExpiring: false };
    expect(recordClassOf(directMessage(text("hi")), noExpiryRule)).toBe("compressed");
    const allDirect = { ...DEFAULTS, defaultClass: "direct" as const };
    expect(recordClassOf(directMessage(text("hi"), { expiring: false }), allDirect)).toBe("direct");
    expect(recordClassOf(channelMessage(text("hi")), allDirect)).toBe("direct");
  });
});

describe("content encoding", () => {
  it("encoding - identity for short and incompressible content, brotli for compressible content", () => {
    expect(encodeContent(utf8Bytes("hello bob"), "text", DEFAULTS).encoding).toBe("identity");
    expect(encodeContent(noise(200), "bytes", DEFAULTS).encoding).toBe("identity");
    const wordy = encodeContent(utf8Bytes(prose(2_000)), "text", DEFAULTS);
    expect(wordy.encoding).toBe("br");
    expect(wordy.bytes.length).toBeLessThan(2_000 / 4);
    // Empty content: brotli's one-byte stream would be larger than nothing.
    expect(encodeContent(new Uint8Array(0), "text", DEFAULTS)).toMatchObject({
      encoding: "identity",
      base64Length: 0,
      inline: true,
    });
  });

  it("encoding - the chosen bytes decode back to the content through the protocol's inlineContentOf", () => {
    for (const raw of [utf8Bytes("hello"), utf8Bytes(prose(3_000)), noise(100), noise(0)]) {
      const encoded = encodeContent(raw, "bytes", DEFAULTS);
      const back = inlineContentOf({
        compressedContent: toBase64(encoded.bytes),
        contentEncoding: encoded.encoding,
      });
      expect(back).toEqual(raw);
    }
  });

  it("encoding - the same content and policy always give the same bytes", () => {
    const raw = utf8Bytes(prose(1_500));
    const a = encodeContent(raw, "text", DEFAULTS);
    const b = encodeContent(raw, "text", DEFAULTS);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it("probe - content the cheap pass leaves far above the limit skips the expensive pass; candidates get it", () => {
    const q11 = { ...DEFAULTS, brotliQuality: 11 };
    const big = utf8Bytes(prose(60_000) + JSON.stringify(Array.from(noise(3_000))));
    const probe = brotli(big, PROBE_QUALITY, "text");
    expect(probe.length).toBeGreaterThan(2 * maxBytesForBase64(q11.inlineMaxBase64));
    expect(Buffer.from(encodeContent(big, "text", q11).bytes).equals(Buffer.from(probe))).toBe(
      true,
    );

    const small = utf8Bytes("Hello Bob, the meeting moved to 3pm tomorrow. Bring the report.");
    const best = brotli(small, 11, "text");
    expect(best.length).toBeLessThan(brotli(small, PROBE_QUALITY, "text").length);
    expect(encodeContent(small, "text", q11).bytes).toEqual(best);
  });

  it("base64 - lengths and their inverse agree at every size around a limit", () => {
    for (let n = 0; n < 50; n++) {
      expect(base64Length(n)).toBe(toBase64(new Uint8Array(n)).length);
      expect(base64Length(maxBytesForBase64(4 * n + 3))).toBeLessThanOrEqual(4 * n + 3);
      expect(base64Length(maxBytesForBase64(4 * n) + 1)).toBeGreaterThan(4 * n);
    }
  });
});

describe("decision", () => {
  it("inline limit - base64 length equal to the limit rides inline, one byte more goes to the store", () => {
    // 240 incompressible bytes are exactly 320 base64 characters; 241 are 324.
    const at = decide(directMessage(bytes(noise(240)), { expiring: false }), DEFAULTS);
    expect(at).toMatchObject({ route: "ready", storage: "inline" });
    const above = decide(directMessage(bytes(noise(241)), { expiring: false }), DEFAULTS);
    expect(above).toMatchObject({ route: "store", storage: "compressed" });
    if (above.route !== "store") throw new Error("unreachable");
    expect(above.raw).toEqual(noise(241));
    expect(above.content).toEqual({ rawBytes: 241, encoding: "identity", encodedBytes: 241 });
  });

  it("inline - storage is inline for the compressed class and direct for the direct class", () => {
    const compressed = decide(channelMessage(text("hello channel")), DEFAULTS);
    expect(compressed).toMatchObject({
      route: "ready",
      storage: "inline",
      location: { compressedContent: toBase64(utf8Bytes("hello channel")) },
    });
    const direct = decide(directMessage(text(prose(1_000))), DEFAULTS);
    expect(direct).toMatchObject({
      route: "ready",
      storage: "direct",
      location: { contentEncoding: "br" },
    });
  });

  it("large - content too large even compressed goes to the store with its record class", () => {
    const expiring = decide(directMessage(bytes(noise(4_000))), DEFAULTS);
    expect(expiring).toMatchObject({ route: "store", storage: "direct" });
    const post = decide(channelMessage(bytes(noise(4_000))), DEFAULTS);
    expect(post).toMatchObject({ route: "store", storage: "compressed" });
  });

  it("thresholds - a zero limit sends all content to the store; a larger one keeps more inline", () => {
    const none = { ...DEFAULTS, inlineMaxBase64: 0 };
    expect(decide(channelMessage(text("hi")), none).route).toBe("store");
    const wide = { ...DEFAULTS, inlineMaxBase64: 1_232 };
    expect(decide(channelMessage(bytes(noise(600))), DEFAULTS).route).toBe("store");
    expect(decide(channelMessage(bytes(noise(600))), wide).route).toBe("ready");
  });

  it("non-message ops - every operation without content is ready, class direct, no location", () => {
    const others = OPERATIONS.filter((op) => op !== "send_direct" && op !== "post_channel");
    expect(others).toHaveLength(7);
    for (const op of others as Operation[]) {
      const request = requestOf(op);
      const decision = decide(request, DEFAULTS);
      expect(decision).toEqual({ route: "ready", storage: "direct" });
      // What the protocol makes of it is schema-valid for that operation.
      expect(buildReady(request, decision.storage).op).toBe(op);
    }
  });
});
