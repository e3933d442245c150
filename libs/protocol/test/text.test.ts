import { describe, expect, it } from "vitest";
import { TextInvalidError, TooLargeError, checkText } from "../src/index.js";

describe("text rules", () => {
  it("text rules - tab, LF and CR are allowed and the UTF-8 length is returned", () => {
    expect(checkText("a\tb\nc\r\né🌍", { maxBytes: 100 })).toBe(13);
  });

  it("text rules - C0, DEL and C1 control characters are TEXT_INVALID", () => {
    for (const c of ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009f"]) {
      expect(() => checkText(`x${c}y`, { maxBytes: 100, field: "t" })).toThrow(TextInvalidError);
    }
  });

  it("text rules - singleLine also refuses tab, LF and CR", () => {
    for (const c of ["\t", "\n", "\r"]) {
      expect(() => checkText(`x${c}y`, { maxBytes: 100, singleLine: true })).toThrow(
        TextInvalidError,
      );
    }
  });

  it("text rules - lone surrogates are TEXT_INVALID", () => {
    expect(() => checkText("a\ud800b", { maxBytes: 100 })).toThrow(TextInvalidError);
    expect(() => checkText("a\udc00", { maxBytes: 100 })).toThrow(TextInvalidError);
  });

  it("text rules - the byte limit counts UTF-8 bytes, not characters", () => {
    expect(checkText("éé", { maxBytes: 4 })).toBe(4);
    const error = (() => {
      try {
        checkText("ééé", { maxBytes: 4, field: "body.name" });
      } catch (e) {
        return e as TooLargeError;
      }
    })();
    expect(error).toBeInstanceOf(TooLargeError);
    expect(error?.details).toMatchObject({ field: "body.name", limit: 4, actual: 6 });
  });

  it("text rules - below minBytes is TEXT_INVALID", () => {
    expect(() => checkText("", { maxBytes: 4, minBytes: 1 })).toThrow(TextInvalidError);
  });
});
