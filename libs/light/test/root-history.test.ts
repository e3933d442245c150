import { describe, expect, it } from "vitest";
import {
  LightDecodeError,
  LocalTree,
  STATE_TREE_V1,
  isRootInHistory,
  lightGenesis,
  readRootHistory,
} from "../src/index.js";

function genesisTree(): Uint8Array {
  const entry = lightGenesis().accounts.find((a) => a.address.equals(STATE_TREE_V1));
  if (!entry) throw new Error("V1 tree not in genesis");
  return entry.account.data;
}

describe("root history", () => {
  it("decodes the genesis V1 tree: height 26, empty, its one root the empty root", async () => {
    const state = readRootHistory(genesisTree());
    expect(state).toMatchObject({ height: 26, canopyDepth: 10, nextIndex: 0, sequenceNumber: 0n });
    expect(state.roots).toHaveLength(1);
    const empty = new LocalTree();
    expect(Buffer.from(state.currentRoot)).toEqual(Buffer.from(empty.root()));
    expect(isRootInHistory(genesisTree(), empty.root())).toBe(true);
  });

  it("refuses data that is not a V1 state tree account", () => {
    const data = genesisTree();
    const notTree = Uint8Array.from(data);
    notTree[0] = (notTree[0] as number) ^ 1;
    expect(() => readRootHistory(notTree)).toThrow(LightDecodeError);
    expect(() => readRootHistory(data.subarray(0, data.length - 1))).toThrow(/layout says/);
    expect(() => readRootHistory(new Uint8Array(10))).toThrow(/too short/);
    const queue = lightGenesis().accounts.find((a) => a.file.includes("nullifier_queue"));
    expect(() => readRootHistory(queue?.account.data ?? new Uint8Array())).toThrow(
      LightDecodeError,
    );
  });

  it("reports a missing tree account as a decode error", () => {
    const empty = { getAccount: () => null };
    expect(() => isRootInHistory(empty, new Uint8Array(32))).toThrow(/does not exist/);
  });
});
