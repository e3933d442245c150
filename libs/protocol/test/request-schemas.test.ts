import { describe, expect, it } from "vitest";
import {
  MAX_BATCH_REGISTRATIONS,
  MAX_CHANNEL_NAME_BYTES,
  MAX_CONTENT_BYTES,
  MAX_METADATA_URI_BYTES,
  OPERATIONS,
  PodError,
  SchemaError,
  parseRequest,
  signRequest,
  type Operation,
  type SignedRequest,
} from "../src/index.js";
import { alice, bob, encode, exampleRequest } from "./examples.js";

/** Runs parseRequest on a JSON value and returns the typed error it throws. */
function rejection(value: unknown): PodError {
  try {
    parseRequest(encode(value));
  } catch (error) {
    if (error instanceof PodError) return error;
    throw error;
  }
  throw new Error("parseRequest accepted the value");
}

type Mutate = (r: SignedRequest & { body: Record<string, unknown> }) => unknown;
const withBody =
  (patch: Record<string, unknown>): Mutate =>
  (r) => ({ ...r, body: { ...r.body, ...patch } });

/** One bad variant per operation: what is broken, where, and which code it must get. */
const badCases: Record<Operation, { mutate: Mutate; field: string; code: string; rule?: string }> =
  {
    register_agent: {
      mutate: withBody({ capabilities: "18446744073709551616" }),
      field: "body.capabilities",
      code: "SCHEMA_INVALID",
    },
    register_agents: {
      mutate: (r) => {
        const regs = (r.body["registrations"] as SignedRequest[]).slice();
        regs[1] = { ...regs[1]!, agent: regs[0]!.agent };
        return { ...r, body: { registrations: regs } };
      },
      field: "body.registrations[1].agent",
      code: "SCHEMA_INVALID",
      rule: "unique_agent",
    },
    update_agent: {
      mutate: (r) => ({ ...r, body: {} }),
      field: "body",
      code: "SCHEMA_INVALID",
      rule: "at_least_one",
    },
    create_channel: {
      mutate: withBody({ maxParticipants: 1 }),
      field: "body.maxParticipants",
      code: "SCHEMA_INVALID",
      rule: "too_small",
    },
    join_channel: {
      mutate: withBody({ channel: "not-base58-0OIl" }),
      field: "body.channel",
      code: "SCHEMA_INVALID",
    },
    leave_channel: {
      mutate: withBody({ invite: { inviter: alice.address, expiresAt: 1, sig: "x" } }),
      field: "body",
      code: "SCHEMA_INVALID",
      rule: "unrecognized_keys",
    },
    send_direct: {
      mutate: withBody({ content: { text: "hi", bytes: "aGk=" } }),
      field: "body.content",
      code: "SCHEMA_INVALID",
      rule: "exactly_one",
    },
    post_channel: {
      mutate: withBody({ contentType: "plain text" }),
      field: "body.contentType",
      code: "SCHEMA_INVALID",
      rule: "invalid_format",
    },
    mark_message: {
      mutate: withBody({ status: "seen" }),
      field: "body.status",
      code: "SCHEMA_INVALID",
      rule: "invalid_value",
    },
  };

describe("request schemas", () => {
  for (const op of OPERATIONS) {
    it(`request schemas - ${op} accepts a valid example`, () => {
      const request = exampleRequest(op);
      expect(parseRequest(encode(request))).toEqual(request);
    });

    it(`request schemas - ${op} rejects a bad body with its field path`, () => {
      const bad = badCases[op];
      const error = rejection(bad.mutate(exampleRequest(op) as never));
      expect(error.code).toBe(bad.code);
      expect(error.details["field"]).toBe(bad.field);
      if (bad.rule !== undefined) expect(error.details["rule"]).toBe(bad.rule);
    });
  }

  it("request schemas - an unknown key at the top level is refused", () => {
    const error = rejection({ ...exampleRequest("register_agent"), extra: true });
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).field).toBe("");
    expect((error as SchemaError).rule).toBe("unrecognized_keys");
  });

  it("request schemas - an unknown operation names the op field", () => {
    const error = rejection({ ...exampleRequest("register_agent"), op: "delete_everything" });
    expect(error.code).toBe("SCHEMA_INVALID");
    expect(error.details["field"]).toBe("op");
  });

  it("request schemas - every issue is listed, the first one named", () => {
    const r = exampleRequest("create_channel");
    const error = rejection({ ...r, id: "short", ts: -1 }) as SchemaError;
    expect(error.issues.map((i) => i.field)).toEqual(["id", "ts"]);
    expect(error.field).toBe("id");
  });

  it("request schemas - a request id outside the rule is refused", () => {
    for (const id of ["a".repeat(15), "a".repeat(37), "has space in it 123", "ünïcode-id-000001"]) {
      expect(rejection({ ...exampleRequest("update_agent"), id }).details["field"]).toBe("id");
    }
  });

  it("request schemas - a channel name over the byte limit is TOO_LARGE", () => {
    const name = "é".repeat(MAX_CHANNEL_NAME_BYTES / 2 + 1);
    const error = rejection(withBody({ name })(exampleRequest("create_channel") as never));
    expect(error.code).toBe("TOO_LARGE");
    expect(error.details).toMatchObject({ field: "body.name", limit: 64, actual: 66 });
  });

  it("request schemas - a channel name not in NFC is refused", () => {
    const name = "cafe\u0301";
    const error = rejection(withBody({ name })(exampleRequest("create_channel") as never));
    expect(error.details).toMatchObject({ field: "body.name", rule: "nfc" });
  });

  it("request schemas - a metadata URI over 200 bytes is TOO_LARGE", () => {
    const metadataUri = "x".repeat(MAX_METADATA_URI_BYTES + 1);
    const error = rejection(withBody({ metadataUri })(exampleRequest("register_agent") as never));
    expect(error.code).toBe("TOO_LARGE");
    expect(error.details["field"]).toBe("body.metadataUri");
  });

  it("request schemas - content bytes over the limit are TOO_LARGE", () => {
    const bytes = Buffer.alloc(MAX_CONTENT_BYTES + 1).toString("base64");
    const error = rejection(
      withBody({ content: { bytes } })(exampleRequest("send_direct") as never),
    );
    expect(error.code).toBe("TOO_LARGE");
    expect(error.details["field"]).toBe("body.content.bytes");
  });

  it("request schemas - non-canonical base64 content is refused", () => {
    // "aGl=" decodes like "aGk=" but with non-zero padding bits.
    const error = rejection(
      withBody({ content: { bytes: "aGl=" } })(exampleRequest("send_direct") as never),
    );
    expect(error.details["field"]).toBe("body.content.bytes");
  });

  it("request schemas - control characters in text are TEXT_INVALID", () => {
    const error = rejection(
      withBody({ content: { text: "ring \u0007 bell" } })(exampleRequest("send_direct") as never),
    );
    expect(error.code).toBe("TEXT_INVALID");
    expect(error.details["field"]).toBe("body.content.text");
  });

  it("request schemas - expiresAt not after ts is refused", () => {
    const r = exampleRequest("send_direct");
    const error = rejection({ ...r, body: { ...r.body, expiresAt: r.ts } });
    expect(error.details).toMatchObject({ field: "body.expiresAt", rule: "after_ts" });
  });

  it("request schemas - a batch over the registration limit is refused", () => {
    const one = exampleRequest("register_agents");
    const regs = (one.body as { registrations: SignedRequest[] }).registrations;
    const many = Array.from({ length: MAX_BATCH_REGISTRATIONS + 1 }, () => regs[0]);
    const error = rejection({ ...one, body: { registrations: many } });
    expect(error.details).toMatchObject({ field: "body.registrations", rule: "too_big" });
  });

  it("request schemas - a batch entry must be a register_agent request", () => {
    const one = exampleRequest("register_agents");
    const entry = signRequest(
      {
        v: 1,
        id: "wrong-op-in-batch-01",
        op: "update_agent",
        ts: one.ts,
        body: { capabilities: "1" },
      },
      bob,
    );
    const error = rejection({ ...one, body: { registrations: [entry] } });
    expect(error.details["field"]).toBe("body.registrations[0].op");
  });
});
