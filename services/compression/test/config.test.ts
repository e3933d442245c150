import { ConfigError, loadConfig } from "@pod/runtime";
import { describe, expect, it } from "vitest";
import { compressionConfigSchema, policyOf } from "../src/index.js";

describe("configuration", () => {
  it("config - defaults: 320 inline base64 bytes, direct for expiring, compressed otherwise, brotli 9", () => {
    expect(policyOf(loadConfig(compressionConfigSchema, {}))).toEqual({
      inlineMaxBase64: 320,
      directForExpiring: true,
      defaultClass: "compressed",
      brotliQuality: 9,
    });
  });

  it("config - every variable overrides its default; empty means unset", () => {
    const env = {
      COMPRESSION_INLINE_MAX_BYTES: "0",
      COMPRESSION_DIRECT_FOR_EXPIRING: "false",
      COMPRESSION_DEFAULT_CLASS: "direct",
      COMPRESSION_BROTLI_QUALITY: "",
    };
    expect(policyOf(loadConfig(compressionConfigSchema, env))).toEqual({
      inlineMaxBase64: 0,
      directForExpiring: false,
      defaultClass: "direct",
      brotliQuality: 9,
    });
  });

  it("config - invalid values are all listed at once, by variable", () => {
    const env = {
      COMPRESSION_INLINE_MAX_BYTES: "5000",
      COMPRESSION_DIRECT_FOR_EXPIRING: "maybe",
      COMPRESSION_DEFAULT_CLASS: "inline",
      COMPRESSION_BROTLI_QUALITY: "12",
    };
    let error: unknown;
    try {
      loadConfig(compressionConfigSchema, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(
      Object.keys(env).sort(),
    );
  });
});
