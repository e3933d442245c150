// A worker thread running checks 1-4 (pure CPU: parsing, schema, signatures) off the thread
// that talks to NATS. It answers each job with ok, or the error's code, message and details.
import { parentPort, workerData } from "node:worker_threads";
import { PodError } from "@pod/protocol";
import { checkRequest } from "./check-request.js";
import type { IngestLimits } from "./config.js";
import type { CheckJob, CheckAnswer } from "./check-pool.js";

const limits = workerData as IngestLimits;
// Imports are loaded by now: tell the pool this worker can take jobs.
parentPort!.postMessage({ ready: true });

parentPort!.on("message", (job: CheckJob) => {
  let answer: CheckAnswer;
  try {
    checkRequest(job.subject, job.bytes, limits, job.now);
    answer = { id: job.id, ok: true };
  } catch (error) {
    answer =
      error instanceof PodError
        ? {
            id: job.id,
            ok: false,
            code: error.code,
            message: error.message,
            details: plain(error.details),
          }
        : {
            id: job.id,
            ok: false,
            message: error instanceof Error ? error.message : String(error),
          };
  }
  parentPort!.postMessage(answer);
});

/** Details survive the structured clone only as plain data. */
function plain(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
