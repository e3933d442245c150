import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { invalidRequest, parseError, RpcError } from "../rpc/errors.js";
import { stringifyExact } from "../rpc/json.js";
import type { Subscriber, SubscriptionRegistry } from "./subscriptions.js";

export interface WsOptions {
  maxMessageBytes: number;
  /** A client whose unsent notifications exceed this is disconnected. */
  maxBufferedBytes: number;
  heartbeatMs: number;
  onInternalError: (method: string, error: unknown) => void;
}

/** The pubsub endpoint: JSON-RPC subscription methods over WebSocket, on any attached server. */
export class PubsubServer {
  private readonly wss: WebSocketServer;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly options: WsOptions,
  ) {
    // Compression stays off: ws's permessage-deflate fragments memory under load.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      perMessageDeflate: false,
    });
    this.wss.on("connection", (socket) => this.accept(socket));
    this.heartbeat = setInterval(() => this.sweep(), options.heartbeatMs);
  }

  /** Accepts WebSocket upgrades arriving at `server`. */
  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req));
    });
  }

  get clients(): number {
    return this.wss.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }

  private accept(socket: WebSocket): void {
    this.alive.add(socket);
    socket.on("pong", () => this.alive.add(socket));
    const subscriber: Subscriber = {
      notify: (method, subscription, result) => {
        this.send(socket, { jsonrpc: "2.0", method, params: { result, subscription } });
      },
    };
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : String(data);
      this.onMessage(socket, subscriber, text);
    });
    socket.on("close", () => this.registry.removeSubscriber(subscriber));
    socket.on("error", () => socket.terminate());
  }

  private onMessage(socket: WebSocket, subscriber: Subscriber, text: string): void {
    let request: { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return this.send(socket, { jsonrpc: "2.0", id: null, error: parseError().toJSON() });
    }
    const id =
      typeof request?.id === "number" || typeof request?.id === "string" ? request.id : null;
    if (
      request === null ||
      typeof request !== "object" ||
      request.jsonrpc !== "2.0" ||
      typeof request.method !== "string"
    ) {
      return this.send(socket, { jsonrpc: "2.0", id, error: invalidRequest().toJSON() });
    }
    try {
      const result = this.registry.handle(request.method, request.params, subscriber);
      this.send(socket, { jsonrpc: "2.0", id, result });
    } catch (e) {
      if (!(e instanceof RpcError)) this.options.onInternalError(request.method, e);
      const error =
        e instanceof RpcError ? e.toJSON() : { code: -32603, message: "Internal error" };
      this.send(socket, { jsonrpc: "2.0", id, error });
    }
  }

  private send(socket: WebSocket, message: unknown): void {
    if (socket.readyState !== socket.OPEN) return;
    // ws buffers without limit; a client that stops reading would grow memory forever.
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      socket.terminate();
      return;
    }
    socket.send(stringifyExact(message));
  }

  private sweep(): void {
    for (const client of this.wss.clients) {
      if (!this.alive.has(client)) {
        client.terminate();
        continue;
      }
      this.alive.delete(client);
      client.ping();
    }
  }
}
