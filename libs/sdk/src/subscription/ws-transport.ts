import { signChallenge } from "@pod/protocol";
import WebSocket from "ws";
import { fromClose, fromServer, SubscriptionError } from "./errors.js";
import { endpoint, type Connection, type ConnectRequest } from "./transport.js";

/**
 * The WebSocket transport (GET /v1/ws): challenge, auth with signChallenge, `ready`, then one
 * `message` frame per delivery; an `error` frame or a close whose reason starts with the code
 * ends it. No per-message deflate (the server refuses it too).
 */
export function connectWs(request: ConnectRequest): Promise<Connection> {
  const ws = new WebSocket(endpoint(request.url, "/v1/ws", "ws"), {
    perMessageDeflate: false,
    handshakeTimeout: request.idleTimeoutMs,
  });
  let ready = false;
  let serverError: SubscriptionError | undefined;
  // The error frame names the code; the close that follows it carries the close code.
  let errorFrame: unknown;
  let idle: NodeJS.Timeout | undefined;
  let endWith!: (error: SubscriptionError) => void;
  const ended = new Promise<SubscriptionError>((resolve) => (endWith = resolve));
  let failOpen!: (error: SubscriptionError) => void;
  let opened!: (connection: Connection) => void;
  const accepted = new Promise<Connection>((resolve, reject) => {
    opened = resolve;
    failOpen = reject;
  });

  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      serverError ??= new SubscriptionError(
        "CONNECTION_LOST",
        `no frame or ping for ${request.idleTimeoutMs} ms`,
      );
      ws.terminate();
    }, request.idleTimeoutMs);
    idle.unref?.();
  };
  const protocolError = (reason: string) => {
    serverError ??= new SubscriptionError("PROTOCOL_ERROR", reason);
    ws.terminate();
  };

  const connection: Connection = {
    ended,
    // A paused socket reads no pings either: the idle watch sleeps while the reader does.
    pause: () => {
      clearTimeout(idle);
      ws.pause();
    },
    resume: () => {
      ws.resume();
      touch();
    },
    close: () => {
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, "client closed");
    },
  };

  ws.on("open", touch);
  ws.on("ping", touch);
  ws.on("message", (data) => {
    touch();
    let frame: { type?: unknown; [k: string]: unknown };
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return protocolError("a frame is not JSON");
    }
    if (frame.type === "challenge") {
      if (typeof frame.nonce !== "string" || typeof frame.audience !== "string") {
        return protocolError("a challenge without nonce or audience");
      }
      if (request.audience !== undefined && frame.audience !== request.audience) {
        serverError = new SubscriptionError(
          "AUDIENCE_MISMATCH",
          `the server's audience ${JSON.stringify(frame.audience)} is not ${JSON.stringify(request.audience)}`,
        );
        return ws.close(1000, "audience mismatch");
      }
      const auth = {
        type: "auth",
        agent: request.keypair.address,
        signature: signChallenge(request.keypair, frame.nonce, frame.audience),
        ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
        ...(request.filter === undefined ? {} : { filter: request.filter }),
      };
      ws.send(JSON.stringify(auth));
      return;
    }
    if (frame.type === "ready") {
      ready = true;
      return opened(connection);
    }
    if (frame.type === "message") {
      if (!ready) return protocolError("a message before ready");
      return request.onMessage(frame.message);
    }
    if (frame.type === "error") {
      errorFrame = frame;
      return;
    }
    // Unknown frame types are ignored: a newer server may add some.
  });
  ws.on("error", (error) => {
    serverError ??= new SubscriptionError(
      ready ? "CONNECTION_LOST" : "CONNECTION_FAILED",
      error.message,
      { cause: error },
    );
  });
  ws.on("close", (code, reason) => {
    clearTimeout(idle);
    const error =
      serverError ??
      (errorFrame === undefined
        ? fromClose(code, reason.toString())
        : fromServer(errorFrame, code));
    if (ready) endWith(error);
    else {
      endWith(error);
      failOpen(error);
    }
  });
  return accepted;
}
