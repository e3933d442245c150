import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fetchSummary,
  summaryUrl,
  SummaryHttpStatusError,
  SummaryInvalidError,
  SummaryUnreachableError,
} from "../src/index.js";
import { sampleSummary } from "./fixture.js";

// A real HTTP server on a random port, answering as the metrics service or as a broken one.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    };
    if (req.url === "/api/summary") return send(200, JSON.stringify(sampleSummary()));
    if (req.url === "/broken/api/summary") return send(200, "{not json");
    if (req.url === "/old/api/summary")
      return send(200, JSON.stringify({ ...sampleSummary(), v: 0 }));
    send(404, '{"code":"NOT_FOUND"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("fetchSummary", () => {
  it("reads and validates the summary from a base URL or the summary URL", async () => {
    expect((await fetchSummary(base)).totals.confirmed).toBe(400);
    expect((await fetchSummary(`${base}/api/summary`)).lag.consumers).toHaveLength(2);
    expect(summaryUrl("http://h:8086/")).toBe("http://h:8086/api/summary");
  });

  it("throws typed errors: status, invalid body, wrong version, nobody listening", async () => {
    await expect(fetchSummary(`${base}/missing`)).rejects.toMatchObject({
      code: "SUMMARY_HTTP_STATUS",
      status: 404,
    });
    await expect(fetchSummary(`${base}/broken`)).rejects.toBeInstanceOf(SummaryInvalidError);
    await expect(fetchSummary(`${base}/old`)).rejects.toMatchObject({
      code: "SUMMARY_INVALID",
      field: "v",
    });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const error = await fetchSummary(`http://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SummaryUnreachableError);
    expect(error).not.toBeInstanceOf(SummaryHttpStatusError);
  });
});
