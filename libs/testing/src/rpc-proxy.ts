import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake endpoint does with one JSON-RPC request. */
export type Action =
  | { kind: "forward"; map?: (body: unknown) => unknown; hold?: Promise<unknown> }
  | { kind: "stall" }
  | { kind: "reply"; status: number; body: string; headers?: Record<string, string> }
  | { kind: "drop" };

export interface SeenRequest {
  id: unknown;
  method: string;
  params: unknown;
  raw: string;
}

export interface FakeRpc {
  url: string;
  requests: SeenRequest[];
  /** Changes what later requests get. */
  setHandler(handler: (request: SeenRequest) => Action): void;
  close(): Promise<void>;
}

export const forward = (): Action => ({ kind: "forward" });
/** Forwards at once, but answers only once `hold` settles. */
export const forwardHeld = (hold: Promise<unknown>): Action => ({ kind: "forward", hold });
/** Forwards, and rewrites the upstream's JSON answer with `map`. */
export const forwardMapped = (map: (body: unknown) => unknown): Action => ({
  kind: "forward",
  map,
});
export const stall = (): Action => ({ kind: "stall" });
export const drop = (): Action => ({ kind: "drop" });
export const reply = (status: number, body: unknown, headers?: Record<string, string>): Action => ({
  kind: "reply",
  status,
  body: typeof body === "string" ? body : JSON.stringify(body),
  ...(headers ? { headers } : {}),
});

/**
 * A real HTTP server on 127.0.0.1 in front of (or instead of) a JSON-RPC endpoint: forwards,
 * stalls (accepts and never answers), drops the connection, or answers what it is told.
 * Every request it got is kept in `requests`.
 */
export async function fakeRpc(
  target: string | undefined,
  handler: (request: SeenRequest) => Action,
): Promise<FakeRpc> {
  let handle = handler;
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let method = "?";
      let params: unknown;
      let id: unknown = null;
      try {
        const body = JSON.parse(raw) as { id?: unknown; method?: string; params?: unknown };
        method = body.method ?? "?";
        params = body.params;
        id = body.id ?? null;
      } catch {
        // not JSON: kept as method "?"
      }
      const seen = { id, method, params, raw };
      requests.push(seen);
      const action = handle(seen);
      switch (action.kind) {
        case "stall":
          return;
        case "drop":
          req.socket.destroy();
          return;
        case "reply":
          res.writeHead(action.status, { "content-type": "application/json", ...action.headers });
          res.end(action.body);
          return;
        case "forward":
          if (target === undefined) throw new Error("no target to forward to");
          fetch(target, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: raw,
          })
            .then(async (upstream) => {
              const text = await upstream.text();
              await action.hold;
              res.writeHead(upstream.status, { "content-type": "application/json" });
              res.end(action.map ? JSON.stringify(action.map(JSON.parse(text))) : text);
            })
            .catch(() => req.socket.destroy());
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setHandler(next) {
      handle = next;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
