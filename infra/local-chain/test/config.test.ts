import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.js";

const ID = "9zJP9KKpbLvANNTSvEBrdRKee8edDwymokAiBywuFZAq";

describe("local chain config", () => {
  it("defaults: port 8899, WebSocket on 8900, 400 ms slots, Light on", () => {
    const c = parseConfig([], {});
    expect(c).toMatchObject({
      port: 8899,
      wsPort: 8900,
      slotMs: 400,
      light: true,
      host: "127.0.0.1",
    });
    expect(c.podAuthorityPath).toBe(`${c.ledgerDir}/pod-upgrade-authority.json`);
  });

  it("flags win over environment; empty environment values count as unset", () => {
    const c = parseConfig(["--port", "9000", "--program", `${ID}=/tmp/a.so`], {
      LOCAL_CHAIN_PORT: "7000",
      LOCAL_CHAIN_SLOT_MS: "",
      LOCAL_CHAIN_LIGHT: "0",
      LOCAL_CHAIN_PROGRAMS: `${ID}=/tmp/b.so`,
    });
    expect(c.port).toBe(9000);
    expect(c.wsPort).toBe(9001);
    expect(c.slotMs).toBe(400);
    expect(c.light).toBe(false);
    expect(c.programs.map((p) => p.path)).toEqual(["/tmp/b.so", "/tmp/a.so"]);
  });

  it("a leading -- (as pnpm passes script arguments) is ignored", () => {
    expect(parseConfig(["--", "--port", "9100"]).port).toBe(9100);
  });

  it("port 0 picks free ports for both listeners; --no-ws-port keeps only HTTP's", () => {
    expect(parseConfig(["--port", "0"]).wsPort).toBe(0);
    expect(parseConfig(["--no-ws-port"]).wsPort).toBeNull();
  });

  it("bad values are refused with the field named", () => {
    const bad: Array<[string[], Record<string, string>, string]> = [
      [["--port", "70000"], {}, "port"],
      [["--slot-ms", "1"], {}, "slot-ms"],
      [["--program", "not-an-id=/x.so"], {}, "program"],
      [["--bogus"], {}, "argv"],
      [[], { LOCAL_CHAIN_LIGHT: "yes" }, "LOCAL_CHAIN_LIGHT"],
    ];
    for (const [argv, env, field] of bad) {
      let caught: unknown;
      try {
        parseConfig(argv, env);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect(caught).toMatchObject({ code: "CONFIG_INVALID", field });
    }
  });
});
