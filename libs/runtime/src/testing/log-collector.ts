import { Writable } from "node:stream";
import type { LogLine } from "./service-process.js";

/**
 * A log destination for a service started in-process (`startService(def, { logDestination })`)
 * that parses each JSON line into `logs`, so tests can look for the events they expect.
 */
export function collectLogs(): { logs: LogLine[]; destination: Writable } {
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim() !== "") logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  return { logs, destination };
}
