import { describe, expect, it } from "vitest";
import { generateKeypair, signChallenge, verifyChallenge } from "../src/index.js";

describe("subscription challenge answers", () => {
  const agent = generateKeypair();
  const nonce = "n-0123456789abcdef";

  it("subscribe-auth - an answer verifies for its agent, nonce and audience only", () => {
    const answer = signChallenge(agent, nonce, "pod-subscription");
    expect(verifyChallenge(agent.address, nonce, "pod-subscription", answer)).toBe(true);
    expect(verifyChallenge(agent.address, `${nonce}x`, "pod-subscription", answer)).toBe(false);
    expect(verifyChallenge(agent.address, nonce, "other-deployment", answer)).toBe(false);
    expect(verifyChallenge(generateKeypair().address, nonce, "pod-subscription", answer)).toBe(
      false,
    );
  });

  it("subscribe-auth - malformed keys and signatures are refused, not thrown", () => {
    expect(verifyChallenge("not-base58-0OIl", nonce, "a", "also not")).toBe(false);
    expect(verifyChallenge(agent.address, nonce, "a", "1111")).toBe(false);
  });
});
