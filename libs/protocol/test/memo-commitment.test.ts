import { brotliCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  MemoFormatError,
  buildReady,
  canonicalRequestBytes,
  commitmentOf,
  decodeContentMemo,
  encodeContentMemo,
  fromBase58,
  inlineContentOf,
  memoEntryBytes,
  sha256Of,
  toBase64,
  toHex,
  utf8Bytes,
} from "../src/index.js";
import { exampleRequest } from "./examples.js";

const CID = "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

describe("content memo", () => {
  it("round-trips cid and inline entries in order", () => {
    const entries = [
      { cid: CID },
      { compressedContent: toBase64(utf8Bytes("hi")), contentEncoding: "identity" as const },
    ];
    const text = encodeContentMemo(entries);
    expect(text.split("\n")[0]).toBe("pod1");
    expect(decodeContentMemo(text)).toEqual(entries);
    expect(utf8Bytes(text).length).toBe(4 + entries.reduce((n, e) => n + memoEntryBytes(e), 0));
  });

  it.each([
    ["no header", "c " + CID],
    ["unknown kind", "pod1\nx y"],
    ["bad cid", "pod1\nc Qm123"],
    ["bad encoding", "pod1\ni gzip aGk="],
    ["bad base64", "pod1\ni identity ***"],
  ])("refuses %s with MEMO_INVALID", (_name, text) => {
    expect(() => decodeContentMemo(text)).toThrow(MemoFormatError);
  });
});

describe("commitment", () => {
  it("is sha256(signature || canonical bytes) and travels in the ready payload", () => {
    const request = exampleRequest("update_agent");
    const expected = toHex(sha256Of(fromBase58(request.sig)!, canonicalRequestBytes(request)));
    expect(commitmentOf(request)).toBe(expected);
    expect(buildReady(request, "direct").commitment).toBe(expected);
  });

  it("changes when any signed field changes", () => {
    const request = exampleRequest("update_agent");
    expect(commitmentOf({ ...request, id: `${request.id.slice(0, -1)}Z` })).not.toBe(
      commitmentOf(request),
    );
  });
});

describe("brotli content", () => {
  it("inflates br records within the content limit", () => {
    const raw = utf8Bytes("hello ".repeat(100));
    const record = { compressedContent: toBase64(brotliCompressSync(raw)), contentEncoding: "br" };
    expect(inlineContentOf(record)).toEqual(raw);
  });
});
