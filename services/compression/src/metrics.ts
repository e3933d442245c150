import type { Counter, Histogram, Meter } from "@opentelemetry/api";
import type { Plan } from "./plan.js";

/** encoded / raw: 1 means the content did not compress; brotli may go slightly above. */
const RATIO_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1];

/** compression's own figures, on the service's meter (served at /metrics). */
export class CompressionMetrics {
  readonly #records: Counter;
  readonly #bytes: Counter;
  readonly #ratio: Histogram;
  readonly #duplicates: Counter;

  constructor(meter: Meter) {
    this.#records = meter.createCounter("pod_compression_records", {
      description: "Records built, by operation, storage class and route (ready or store)",
    });
    this.#bytes = meter.createCounter("pod_compression_content_bytes", {
      description:
        "Message content bytes: direction=in raw, direction=out as it leaves (encoded " +
        "inline on ready, raw to IPFS on store)",
    });
    this.#ratio = meter.createHistogram("pod_compression_ratio", {
      description: "Encoded over raw size of each message's chosen content encoding",
      advice: { explicitBucketBoundaries: RATIO_BUCKETS },
    });
    this.#duplicates = meter.createCounter("pod_compression_duplicates", {
      description: "Outputs the stream already had (a redelivered input), not counted again",
    });
  }

  /** Counts one published plan; a duplicate (already stored) output only counts as such. */
  published(plan: Plan, duplicate: boolean): void {
    const { decision, request } = plan;
    const route = decision.route;
    if (duplicate) {
      this.#duplicates.add(1, { op: request.op, route });
      return;
    }
    this.#records.add(1, { op: request.op, storage: decision.storage, route });
    const content = decision.content;
    if (content === undefined) return;
    this.#bytes.add(content.rawBytes, { direction: "in", route });
    this.#bytes.add(route === "ready" ? content.encodedBytes : content.rawBytes, {
      direction: "out",
      route,
    });
    if (content.rawBytes > 0) {
      this.#ratio.record(content.encodedBytes / content.rawBytes, {
        encoding: content.encoding,
      });
    }
  }
}
