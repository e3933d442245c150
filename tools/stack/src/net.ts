import { connect } from "node:net";
import { waitFor } from "@pod/testing";

/** True when something accepts TCP connections on host:port. */
export function reachable(host: string, port: number, timeoutMs = 800): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}

/** Waits until host:port accepts connections, or `stillAlive` says the server gave up. */
export async function waitReachable(
  host: string,
  port: number,
  what: string,
  timeoutMs: number,
  stillAlive: () => boolean = () => true,
): Promise<void> {
  await waitFor(
    async () => {
      if (!stillAlive()) throw new Error(`${what} exited`);
      return reachable(host, port);
    },
    { timeoutMs, intervalMs: 50, what: `${what} accepting connections on ${host}:${port}` },
  );
}
