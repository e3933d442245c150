import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpDir, type TmpDir } from "@pod/testing";
import { afterEach, describe, expect, it } from "vitest";
import { KeypairFileError, loadKeypair, loadOrCreateKeypair } from "../src/index.js";

let dir: TmpDir | undefined;
afterEach(async () => {
  await dir?.remove();
  dir = undefined;
});

describe("keypair files", () => {
  it("keypair - loadOrCreateKeypair writes a 0600 Solana keypair file once and reads it back after", async () => {
    dir = await tmpDir("pod-sdk-keys-");
    const path = join(dir.path, "nested", "agent.json");
    const created = await loadOrCreateKeypair(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateKeypair(path);
    expect(again.address).toBe(created.address);
    expect((await loadKeypair(path)).secretKey).toEqual(created.secretKey);
  });

  it("keypair - concurrent creators of one file end up with the same key", async () => {
    dir = await tmpDir("pod-sdk-keys-");
    const path = join(dir.path, "agent.json");
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateKeypair(path)));
    expect(new Set(keys.map((k) => k.address)).size).toBe(1);
  });

  it("keypair - a file that is not a keypair is a KeypairFileError, never overwritten", async () => {
    dir = await tmpDir("pod-sdk-keys-");
    const path = join(dir.path, "bad.json");
    writeFileSync(path, "[1,2,3]");
    await expect(loadOrCreateKeypair(path)).rejects.toMatchObject({
      code: "KEYPAIR_FILE",
      path,
    });
    await expect(loadKeypair(join(dir.path, "missing.json"))).rejects.toBeInstanceOf(
      KeypairFileError,
    );
  });
});
