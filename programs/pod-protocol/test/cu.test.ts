import { describe, expect, it } from "vitest";
import { loadIdl } from "../src/program.js";
import { runWorkload } from "./support/workload.js";

// Last known compute units per step (deterministic keys, so deterministic bumps). A rise is a
// regression to explain; a large fall means these figures should be refreshed.
const LAST_KNOWN: Record<string, number> = {
  add_relayer: 476,
  "add_relayer (second)": 486,
  "append_compressed_messages (1)": 62440,
  "append_compressed_messages (10)": 100431,
  "append_compressed_messages (5)": 79222,
  close_agent: 701,
  "close_channel (empty: deleted)": 677,
  close_expired_message: 613,
  "create_channel (64-byte name)": 4125,
  initialize: 1985,
  join_channel: 3931,
  leave_channel: 896,
  mark_delivered: 598,
  mark_read: 598,
  post_to_channel: 4291,
  "register_agent (relayer)": 5332,
  "register_agent (self)": 3825,
  "register_agents (5)": 21656,
  remove_relayer: 500,
  send_message: 4183,
  set_paused: 400,
  update_agent: 855,
  update_limits: 441,
};

describe("compute units", () => {
  const steps = runWorkload();

  it("the workload covers every instruction of the IDL", () => {
    const covered = new Set(steps.map((s) => s.instruction));
    expect([...covered].sort()).toEqual(
      loadIdl()
        .instructions.map((i) => i.name)
        .sort(),
    );
  });

  it.each(steps.map((s) => [s.label, Number(s.result.computeUnitsConsumed)] as const))(
    "%s - at most its last known figure",
    (label, units) => {
      const known = LAST_KNOWN[label];
      expect(known, `no last known figure for ${label} (measured ${units})`).toBeDefined();
      expect(units).toBeLessThanOrEqual(known!);
      expect(units).toBeGreaterThan(known! * 0.9);
    },
  );
});
