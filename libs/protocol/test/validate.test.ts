import { describe, expect, it } from "vitest";
import {
  InvalidUtf8Error,
  MAX_REQUEST_BYTES,
  MalformedJsonError,
  TooLargeError,
  UnknownSchemaError,
  UnsupportedVersionError,
  decodePayload,
  findDuplicateKey,
  parsePayload,
  parseRequest,
  rejectionOf,
  schemaNameForSubject,
  subjects,
  type PayloadSchemaName,
} from "../src/index.js";
import { encode, exampleRequest } from "./examples.js";

describe("validate", () => {
  it("validate - invalid UTF-8 bytes give InvalidUtf8Error", () => {
    const valid = encode(exampleRequest("send_direct"));
    const broken = new Uint8Array([...valid.slice(0, 20), 0xc3, 0x28, ...valid.slice(20)]);
    expect(() => parseRequest(broken)).toThrow(InvalidUtf8Error);
    expect(() => parseRequest(new Uint8Array([0xed, 0xa0, 0x80]))).toThrow(
      expect.objectContaining({ code: "INVALID_UTF8" }),
    );
  });

  it("validate - a byte order mark is refused rather than skipped", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(exampleRequest("update_agent"))]);
    expect(() => parseRequest(bytes)).toThrow(MalformedJsonError);
  });

  it("validate - text that is not JSON gives MalformedJsonError", () => {
    for (const text of ["", "{", '{"v":1,}', "nul"]) {
      expect(() => parseRequest(new TextEncoder().encode(text))).toThrow(MalformedJsonError);
    }
  });

  it("validate - a request over MAX_REQUEST_BYTES gives TooLargeError before parsing", () => {
    const bytes = new Uint8Array(MAX_REQUEST_BYTES + 1).fill(0xff);
    const error = (() => {
      try {
        parseRequest(bytes);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as TooLargeError).details).toMatchObject({
      limit: MAX_REQUEST_BYTES,
      actual: MAX_REQUEST_BYTES + 1,
    });
  });

  it("validate - another envelope version gives UnsupportedVersionError", () => {
    expect(() => parseRequest(encode({ ...exampleRequest("update_agent"), v: 2 }))).toThrow(
      UnsupportedVersionError,
    );
  });

  it("validate - JSON that is not an object gives SCHEMA_INVALID at the root", () => {
    expect(() => parseRequest(encode([1, 2]))).toThrow(
      expect.objectContaining({
        code: "SCHEMA_INVALID",
        details: expect.objectContaining({ field: "" }),
      }),
    );
  });

  it("validate - errors chain their cause", () => {
    try {
      parseRequest(new TextEncoder().encode("{"));
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
    expect.assertions(1);
  });

  it("validate - parsePayload refuses an unknown schema name", () => {
    expect(() => parsePayload("nope" as PayloadSchemaName, {})).toThrow(UnknownSchemaError);
  });

  it("validate - decodePayload reads bytes like parseRequest", () => {
    const request = exampleRequest("mark_message");
    expect(decodePayload("request", encode(request))).toEqual(request);
  });

  it("validate - rejectionOf gives code, reason and field for agent errors only", () => {
    const error = (() => {
      try {
        parseRequest(encode({ ...exampleRequest("update_agent"), id: "x" }));
      } catch (e) {
        return e;
      }
    })();
    expect(rejectionOf(error)).toMatchObject({ code: "SCHEMA_INVALID", field: "id" });
    expect(rejectionOf(new Error("disk full"))).toBeUndefined();
  });

  it("validate - each subject maps to its payload schema", () => {
    expect(schemaNameForSubject(subjects.ingest("send_direct"))).toBe("request");
    expect(schemaNameForSubject(subjects.pipeline("ready", "post_channel"))).toBe("pipeline.ready");
    expect(schemaNameForSubject(subjects.pipeline("store", "send_direct"))).toBe("pipeline.store");
    expect(schemaNameForSubject(subjects.event("record", "confirmed"))).toBe(
      "event.record.confirmed",
    );
    expect(schemaNameForSubject(subjects.dlq("tx-bundler"))).toBe("dlq");
    expect(schemaNameForSubject("pod.events.record.exploded")).toBeUndefined();
    expect(schemaNameForSubject("pod.pipeline.constructor.send_direct")).toBeUndefined();
    expect(schemaNameForSubject("pod.events.__proto__.x")).toBeUndefined();
    expect(schemaNameForSubject("other.ingest.send_direct")).toBeUndefined();
  });
});

describe("duplicate keys", () => {
  it("validate - a repeated key is SCHEMA_INVALID with its path, wherever it is", () => {
    const text = JSON.stringify(exampleRequest("send_direct"));
    const cases: [string, string][] = [
      [text.replace('{"v":1,', '{"v":1,"v":1,'), "v"],
      [text.replace('"content":{', '"content":{"text":"evil",'), "body.content.text"],
      [text.replace('"content":{', '"content":{"t\\u0065xt":"evil",'), "body.content.text"],
    ];
    for (const [bad, field] of cases) {
      expect(() => parseRequest(new TextEncoder().encode(bad))).toThrow(
        expect.objectContaining({
          code: "SCHEMA_INVALID",
          details: expect.objectContaining({ field, rule: "duplicate_key" }),
        }),
      );
    }
  });

  it("validate - findDuplicateKey tracks array positions and ignores keys inside strings", () => {
    expect(findDuplicateKey('{"a":[{"b":1},{"b":2,"b":3}]}')).toEqual(["a", 1, "b"]);
    expect(findDuplicateKey('{"a":"{\\"a\\":1,\\"a\\":2}","b":[1,"a",{"a":1}]}')).toBeUndefined();
    expect(findDuplicateKey('[{"x":1},{"x":1}]')).toBeUndefined();
  });
});

describe("subject match", () => {
  it("validate - a request published on another operation's subject is refused at op", () => {
    const bytes = encode(exampleRequest("send_direct"));
    expect(parseRequest(bytes, { op: "send_direct" }).op).toBe("send_direct");
    expect(() => parseRequest(bytes, { op: "post_channel" })).toThrow(
      expect.objectContaining({
        code: "SCHEMA_INVALID",
        details: expect.objectContaining({ field: "op", rule: "matches_subject" }),
      }),
    );
  });
});
