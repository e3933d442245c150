import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  commitmentOf,
  contentHashOf,
  generateKeypair,
  PROTOCOL_VERSION,
  requestKeyOf,
  signNewRequest,
  toBase58,
  toBase64,
  utf8Bytes,
  verifyChallenge,
  type DeliveredMessage,
} from "@pod/protocol";
import { WebSocketServer, type WebSocket } from "ws";

/** What the fake server saw of one connection's auth frame. */
export interface AuthSeen {
  agent: string;
  cursor?: string;
  valid: boolean;
}

/**
 * A scripted stand-in for the subscription service's WebSocket endpoint, on a real socket:
 * challenge, auth check with verifyChallenge, `ready`, then whatever the test's `onReady`
 * does with the socket. For unit tests of the SDK's subscription client only.
 */
export class FakeSubscriptionServer {
  readonly auths: AuthSeen[] = [];
  readonly sockets: WebSocket[] = [];
  onReady: (ws: WebSocket, auth: AuthSeen, index: number) => void = () => undefined;
  private readonly http: Server;
  private readonly wss: WebSocketServer;

  private constructor() {
    this.http = createServer((_, res) => res.writeHead(404).end());
    this.wss = new WebSocketServer({ server: this.http, path: "/v1/ws" });
    this.wss.on("connection", (ws) => this.accept(ws));
  }

  static async start(): Promise<FakeSubscriptionServer> {
    const server = new FakeSubscriptionServer();
    await new Promise<void>((r) => server.http.listen(0, "127.0.0.1", r));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    const nonce = toBase58(crypto.getRandomValues(new Uint8Array(16)));
    ws.send(
      JSON.stringify({
        type: "challenge",
        nonce,
        audience: "pod-subscription",
        expiresAt: Date.now() + 10_000,
      }),
    );
    ws.once("message", (data) => {
      const auth = JSON.parse(data.toString()) as {
        agent: string;
        signature: string;
        cursor?: string;
      };
      const seen: AuthSeen = {
        agent: auth.agent,
        cursor: auth.cursor,
        valid: verifyChallenge(auth.agent, nonce, "pod-subscription", auth.signature),
      };
      const index = this.auths.push(seen) - 1;
      if (!seen.valid)
        return fail(ws, "AUTH_FAILED", 4001, "signature does not answer the challenge");
      ws.send(JSON.stringify({ type: "ready", agent: auth.agent, cursor: auth.cursor ?? null }));
      this.onReady(ws, seen, index);
    });
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.http.close(() => r()));
  }
}

/** Sends the protocol's error frame and closes with the code, as the service does. */
export function fail(ws: WebSocket, code: string, closeCode: number, reason: string): void {
  ws.send(JSON.stringify({ type: "error", code, reason }));
  ws.close(closeCode, `${code}: ${reason}`);
}

const sender = generateKeypair();

/** A schema-valid delivery of an inline direct message at `cursor`. */
export function delivery(cursor: number, recipient: string): DeliveredMessage {
  const text = `message ${cursor}`;
  const request = signNewRequest(sender, "send_direct", {
    to: recipient,
    content: { text },
    contentType: "text/plain",
  });
  const requestKey = requestKeyOf(request);
  return {
    v: PROTOCOL_VERSION,
    cursor: String(cursor),
    event: {
      v: PROTOCOL_VERSION,
      op: "send_direct",
      requestId: request.id,
      agent: sender.address,
      requestKey,
      storage: "inline",
      commitment: commitmentOf(request),
      signature: toBase58(new Uint8Array(64).fill(7)),
      slot: cursor,
      computeUnits: 1,
      feeLamports: 5000,
      lamportsPerMessage: 5000,
      bundleSize: 1,
      at: Date.now(),
      record: {
        requestId: request.id,
        requestKey,
        createdAt: request.ts,
        requestSig: request.sig,
        sender: sender.address,
        recipient,
        contentHash: contentHashOf({ text }),
        contentKind: "text",
        contentType: "text/plain",
        compressedContent: toBase64(utf8Bytes(text)),
        contentEncoding: "identity",
      },
    },
    content: { text },
  };
}
