import { describe, expect, it } from "vitest";
import { DEFAULTS, parseConfig } from "../src/config.js";

describe("config", () => {
  it("config - defaults are those of pnpm start, stdio, loopback HTTP on 8090", () => {
    const c = parseConfig([], {});
    expect(c).toMatchObject({
      natsUrl: "nats://127.0.0.1:4222",
      rpcUrl: "http://127.0.0.1:8899",
      subscriptionUrl: "http://127.0.0.1:8085",
      keypairPath: DEFAULTS.keypairPath,
      createKey: false,
      transport: "stdio",
      host: "127.0.0.1",
      port: 8090,
    });
    expect(c.keypairPath).toMatch(/\.config\/pod\/id\.json$/);
  });

  it("config - environment beats defaults, empty variables count as unset, flags beat both", () => {
    const env = {
      POD_NATS_URL: "",
      NATS_URL: "nats://env:1",
      SOLANA_RPC_URL: "http://env:2",
      POD_SUBSCRIPTION_URL: "http://env:3",
      POD_KEYPAIR: "/env/key.json",
    };
    expect(parseConfig([], env)).toMatchObject({
      natsUrl: "nats://env:1",
      rpcUrl: "http://env:2",
      subscriptionUrl: "http://env:3",
      keypairPath: "/env/key.json",
    });
    const flags = ["--nats-url", "nats://flag:1", "--keypair", "/flag.json", "--create-key"];
    expect(parseConfig([...flags, "--http", "--port", "0"], env)).toMatchObject({
      natsUrl: "nats://flag:1",
      keypairPath: "/flag.json",
      createKey: true,
      transport: "http",
      port: 0,
    });
  });

  it("config - repeated --allowed-host and --allowed-origin accumulate", () => {
    const c = parseConfig(
      ["--allowed-host", "a.lan", "--allowed-host", "b.lan", "--allowed-origin", "http://x:1"],
      {},
    );
    expect(c.allowedHosts).toEqual(["a.lan", "b.lan"]);
    expect(c.allowedOrigins).toEqual(["http://x:1"]);
  });
});
