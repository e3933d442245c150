import { trace } from "@opentelemetry/api";
import type { Handler } from "@pod/bus";
import { forwardedHeaders, type Logger } from "@pod/runtime";
import type { Policy } from "./config.js";
import type { CompressionMetrics } from "./metrics.js";
import { planDelivery } from "./plan.js";

export interface HandlerDeps {
  policy: Policy;
  metrics: CompressionMetrics;
  log: Logger;
}

/**
 * Handles one `pod.pipeline.accepted.<op>` message: plans its output (a ready record, or
 * content for ipfs-storage) and publishes it with its stable id. The bus acks the input only
 * after the PubAck, so a crash in between redelivers it, and the republish is deduplicated.
 */
export function compressionHandler(deps: HandlerDeps): Handler {
  return async (delivery) => {
    const plan = planDelivery(delivery.subject, delivery.data, deps.policy);
    const { output, decision } = plan;
    // The consumer span of this delivery is active: the decision shows up in the trace.
    trace.getActiveSpan()?.setAttributes({
      "pod.request_id": plan.request.id,
      "pod.route": decision.route,
      "pod.storage": decision.storage,
      ...(decision.content
        ? {
            "pod.content.encoding": decision.content.encoding,
            "pod.content.raw_bytes": decision.content.rawBytes,
            "pod.content.encoded_bytes": decision.content.encodedBytes,
          }
        : {}),
    });
    const ack = await delivery.publish(output.subject, output.data, {
      msgId: output.msgId,
      headers: forwardedHeaders(delivery),
    });
    deps.metrics.published(plan, ack.duplicate);
    deps.log.debug(
      {
        event: ack.duplicate ? "record_already_published" : "record_published",
        subject: output.subject,
        msg_id: output.msgId,
        storage: decision.storage,
        ...(decision.content ?? {}),
        delivery: delivery.deliveryCount,
        trace_id: delivery.traceId,
      },
      ack.duplicate ? "output already in the stream" : "record published",
    );
  };
}
