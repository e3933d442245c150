import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { allowedHostnames, refusal } from "../src/transports/origin-check.js";

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const local = allowedHostnames("127.0.0.1", []);

describe("origin-check", () => {
  it("origin-check - loopback binds accept localhost names on any port, nothing else", () => {
    expect(local).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(refusal(req({ host: "127.0.0.1:8090" }), local, [])).toBeUndefined();
    expect(refusal(req({ host: "localhost:1234" }), local, [])).toBeUndefined();
    expect(refusal(req({ host: "[::1]:8090" }), local, [])).toBeUndefined();
    expect(refusal(req({ host: "evil.example:8090" }), local, [])).toMatch(/Host/);
    expect(refusal(req({}), local, [])).toMatch(/missing Host/);
  });

  it("origin-check - a browser Origin must be a page of a served hostname or a listed origin", () => {
    const host = { host: "127.0.0.1:8090" };
    expect(refusal(req({ ...host, origin: "http://localhost:6274" }), local, [])).toBeUndefined();
    expect(refusal(req({ ...host, origin: "https://evil.example" }), local, [])).toMatch(/Origin/);
    expect(refusal(req({ ...host, origin: "null" }), local, [])).toMatch(/Origin/);
    const listed = ["https://app.example"];
    expect(refusal(req({ ...host, origin: "https://app.example" }), local, listed)).toBeUndefined();
  });

  it("origin-check - a non-loopback bind serves its own address and the configured names", () => {
    expect(allowedHostnames("10.0.0.5", ["Pod.LAN"])).toEqual(["10.0.0.5", "pod.lan"]);
    expect(allowedHostnames("::", [])).toEqual(["[::]"]);
  });
});
