import { isPermanent } from "@pod/bus";
import { subjects } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import {
  AcceptedPayloadInvalidError,
  COMPRESSION_ERROR_CODES,
  OperationMismatchError,
  planDelivery,
  type Policy,
} from "../src/index.js";
import { accepted, requestOf } from "./support/requests.js";

const POLICY: Policy = {
  directForExpiring: true,
  defaultClass: "compressed",
  inlineMaxBase64: 320,
  brotliQuality: 9,
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const onSendDirect = subjects.pipeline("accepted", "send_direct");

function failure(subject: string, data: Uint8Array): unknown {
  try {
    planDelivery(subject, data, POLICY);
  } catch (error) {
    return error;
  }
  throw new Error("planDelivery did not throw");
}

describe("planning one delivery", () => {
  it("plan - bytes that are not an AcceptedPayload are a permanent error naming the protocol's code", () => {
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode("{not json"), /MALFORMED_JSON/],
      [Uint8Array.of(0xff, 0xfe), /INVALID_UTF8/],
      [encode({ ...accepted(requestOf("send_direct")), v: 2 }), /UNSUPPORTED_VERSION/],
      [
        encode({ ...accepted(requestOf("send_direct")), requestId: "another-id-000001" }),
        /requestId/,
      ],
      [new TextEncoder().encode('{"v":1,"v":1}'), /duplicate_key/],
    ];
    for (const [data, reason] of cases) {
      const error = failure(onSendDirect, data);
      expect(error).toBeInstanceOf(AcceptedPayloadInvalidError);
      expect(isPermanent(error)).toBe(true);
      expect((error as Error).message).toMatch(reason);
      expect((error as { code: string }).code).toBe(COMPRESSION_ERROR_CODES.acceptedInvalid);
    }
  });

  it("plan - a request on another operation's subject, or an unknown one, is an operation mismatch", () => {
    const data = encode(accepted(requestOf("post_channel")));
    for (const subject of [onSendDirect, "pod.pipeline.accepted.unknown_op"]) {
      const error = failure(subject, data);
      expect(error).toBeInstanceOf(OperationMismatchError);
      expect(isPermanent(error)).toBe(true);
    }
  });

  it("plan - a valid payload yields its request, decision and one output", () => {
    const request = requestOf("send_direct");
    const plan = planDelivery(onSendDirect, encode(accepted(request)), POLICY);
    expect(plan.request).toEqual(request);
    expect(plan.decision).toMatchObject({ route: "ready", storage: "direct" });
    expect(plan.output.subject).toBe(subjects.pipeline("ready", "send_direct"));
  });
});
