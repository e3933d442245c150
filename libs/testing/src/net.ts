import { createConnection, createServer } from "node:net";

/** Asks the OS for a TCP port that is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when 127.0.0.1:port can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A free port P whose neighbour P + 1 is free too: for servers that put a second listener
 * there (a Solana RPC's WebSocket, which web3.js looks for at the HTTP port + 1).
 */
export async function freePortPair(attempts = 20): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const port = await freePort();
    if (port < 65535 && (await bindable(port + 1))) return port;
  }
  throw new Error(`no free pair of adjacent ports after ${attempts} attempts`);
}

/** The INFO line a NATS server sends first, parsed; rejects when nothing answers. */
export function readServerInfo(host: string, port: number, timeoutMs = 1_000): Promise<ServerInfo> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    let buffered = "";
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no INFO from ${host}:${port}`)));
    socket.once("error", fail);
    socket.on("data", (chunk) => {
      buffered += chunk.toString("utf8");
      const end = buffered.indexOf("\r\n");
      if (end < 0) return;
      socket.destroy();
      const line = buffered.slice(0, end);
      if (!line.startsWith("INFO ")) return reject(new Error(`unexpected greeting: ${line}`));
      try {
        resolve(JSON.parse(line.slice(5)) as ServerInfo);
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

export interface ServerInfo {
  server_id: string;
  version: string;
  jetstream?: boolean;
  auth_required?: boolean;
}
