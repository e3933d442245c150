import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { TRACE_ATTR, requestKeyOfMessageId } from "../trace-attributes.js";

const MESSAGE_ID = "messaging.message.id";

/**
 * Names the request on every span that works for one: a span without `pod.request_key` whose
 * messaging message id is `<stage>:<request key>` (or the key itself, as agents publish)
 * gets the attribute as it ends, so the store can index the trace and any backend can search
 * by it. Nothing is exported here.
 */
export class RequestKeySpanProcessor implements SpanProcessor {
  onStart(_span: Span, _parent: Context): void {}

  onEnding(span: Span): void {
    if (span.attributes[TRACE_ATTR.requestKey] !== undefined) return;
    const msgId = span.attributes[MESSAGE_ID];
    if (typeof msgId !== "string") return;
    const key = requestKeyOfMessageId(msgId);
    if (key) span.setAttribute(TRACE_ATTR.requestKey, key);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
