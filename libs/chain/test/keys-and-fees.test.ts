import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Keypair } from "@solana/web3.js";
import { tmpDir } from "@pod/testing";
import { FeePayers, keypairFileName, loadKeypairFile, loadOrCreateKeypairs } from "../src/index.js";

describe("fee payers", () => {
  it("rotates least-recently-used first: each payer once per round, in order", () => {
    const keys = [Keypair.generate(), Keypair.generate(), Keypair.generate()];
    const payers = new FeePayers(keys);
    const used = Array.from({ length: 7 }, () => payers.next());
    expect(used).toEqual([keys[0], keys[1], keys[2], keys[0], keys[1], keys[2], keys[0]]);
    expect(payers.all()).toEqual(keys);
  });

  it("refuses an empty list", () => {
    expect(() => new FeePayers([])).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }));
  });
});

describe("keypair files", () => {
  it("loadOrCreateKeypairs creates Solana CLI keypair files once and loads the same keys after", async () => {
    const dir = await tmpDir();
    try {
      const created = await loadOrCreateKeypairs(join(dir.path, "payers"), 3);
      const again = await loadOrCreateKeypairs(join(dir.path, "payers"), 4);
      expect(again.slice(0, 3).map((k) => k.publicKey.toBase58())).toEqual(
        created.map((k) => k.publicKey.toBase58()),
      );
      expect(again).toHaveLength(4);

      const file = join(dir.path, "payers", keypairFileName(0));
      const bytes = JSON.parse(await readFile(file, "utf8")) as number[];
      expect(bytes).toHaveLength(64);
      expect(Uint8Array.from(bytes)).toEqual(created[0]!.secretKey);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await loadKeypairFile(file)).publicKey.equals(created[0]!.publicKey)).toBe(true);
    } finally {
      await dir.remove();
    }
  });

  it("two concurrent creators end with the same keys", async () => {
    const dir = await tmpDir();
    try {
      const [a, b] = await Promise.all([
        loadOrCreateKeypairs(dir.path, 5),
        loadOrCreateKeypairs(dir.path, 5),
      ]);
      expect(a.map((k) => k.publicKey.toBase58())).toEqual(b.map((k) => k.publicKey.toBase58()));
    } finally {
      await dir.remove();
    }
  });

  it("a file that is not a keypair is refused with KEYPAIR_INVALID", async () => {
    const dir = await tmpDir();
    try {
      const bad = join(dir.path, "bad.json");
      await writeFile(bad, JSON.stringify([1, 2, 3]));
      await expect(loadKeypairFile(bad)).rejects.toMatchObject({ code: "KEYPAIR_INVALID" });
      const mismatched = Array.from(Keypair.generate().secretKey);
      mismatched[40] = (mismatched[40]! + 1) % 256;
      await writeFile(bad, JSON.stringify(mismatched));
      await expect(loadKeypairFile(bad)).rejects.toMatchObject({ code: "KEYPAIR_INVALID" });
      await writeFile(join(dir.path, keypairFileName(0)), "{not json");
      await expect(loadOrCreateKeypairs(dir.path, 1)).rejects.toMatchObject({
        code: "KEYPAIR_INVALID",
      });
    } finally {
      await dir.remove();
    }
  });
});
