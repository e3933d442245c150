import {
  context as otelContext,
  propagation,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { MsgHdrs } from "@nats-io/transport-node";

/**
 * Used directly rather than through the global propagator: trace context must cross the bus
 * even in a process that never registered an OpenTelemetry SDK.
 */
const propagator = new W3CTraceContextPropagator();

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (carrier) => (carrier ? carrier.keys() : []),
  // MsgHdrs answers "" for a missing key; propagators expect undefined.
  get: (carrier, key) => carrier?.get(key) || undefined,
};

/** Writes `traceparent` (and `tracestate`) for the span in `ctx` into NATS headers. */
export function injectTraceContext(ctx: Context, carrier: MsgHdrs): void {
  propagator.inject(ctx, carrier, setter);
  // Baggage or other formats an SDK may have registered travel too.
  propagation.inject(ctx, carrier, setter);
}

/** The remote parent carried by NATS headers, on top of `base` (default: the active context). */
export function extractTraceContext(
  carrier: MsgHdrs | undefined,
  base: Context = otelContext.active(),
): Context {
  const withGlobal = propagation.extract(base, carrier, getter);
  return propagator.extract(withGlobal, carrier, getter);
}

/** The trace id of the span in `ctx`, or undefined when there is none. */
export function traceIdOf(ctx: Context): string | undefined {
  const span = trace.getSpanContext(ctx);
  return span && trace.isSpanContextValid(span) ? span.traceId : undefined;
}
