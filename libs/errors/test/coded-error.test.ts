import { describe, expect, it } from "vitest";
import { CodedError } from "../src/index.js";

class ParentError extends CodedError {}
class ChildError extends ParentError {
  readonly field: string;

  constructor(field: string, options?: { cause?: unknown }) {
    super("CHILD_FAILED", `child failed on ${field}`, options);
    this.field = field;
  }
}

describe("CodedError", () => {
  it("errors - name is the concrete class, code and message as given", () => {
    const err = new ChildError("x");

    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(ParentError);
    expect(err.name).toBe("ChildError");
    expect(err.code).toBe("CHILD_FAILED");
    expect(err.message).toBe("child failed on x");
    expect(err.field).toBe("x");
  });

  it("errors - cause is chained when given and absent otherwise", () => {
    const root = new Error("root");

    expect(new ChildError("x", { cause: root }).cause).toBe(root);
    expect("cause" in new ChildError("x")).toBe(false);
  });

  it("errors - details are kept when given and absent otherwise", () => {
    const withDetails = new CodedError("C", "m", { details: { field: "a" } });

    expect(withDetails.details).toEqual({ field: "a" });
    expect("details" in new CodedError("C", "m")).toBe(false);
  });
});
