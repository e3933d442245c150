import type { AttributeValue } from "@opentelemetry/api";
import { grouped } from "./format.js";

/**
 * Attributes shown under a span in the waterfall, in this order. The names are the ones the
 * services set (TRACE_ATTR in @pod/runtime, the bus's messaging names); a test holds them
 * equal.
 */
export const KEY_ATTRIBUTES: readonly {
  name: string;
  label: string;
  /** An id that may be shortened when the line is too long. */
  id?: boolean;
  show?: (value: AttributeValue) => boolean;
  format?: (value: AttributeValue) => string;
}[] = [
  { name: "solana.tx.signature", label: "sig", id: true },
  { name: "solana.slot", label: "slot" },
  { name: "solana.compute_units", label: "CU", format: (v) => grouped(Number(v)) },
  { name: "solana.fee_lamports", label: "fee", format: (v) => `${grouped(Number(v))} lamports` },
  { name: "pod.bundle.size", label: "bundle" },
  { name: "pod.tx.attempt", label: "attempt", show: (v) => Number(v) > 1 },
  { name: "pod.tx.status", label: "status", show: (v) => v !== "confirmed" },
  { name: "ipfs.cid", label: "cid", id: true },
  { name: "ipfs.content.bytes", label: "bytes", format: (v) => grouped(Number(v)) },
  {
    name: "messaging.nats.message.delivery_count",
    label: "delivery",
    show: (v) => Number(v) > 1,
  },
  { name: "error.type", label: "error" },
];

/** The attribute name every span of a request carries (TRACE_ATTR.requestKey). */
export const REQUEST_KEY_ATTRIBUTE = "pod.request_key";

/** "label value" pairs of the key attributes a span has; ids shortened when `short`. */
export function keyAttributesOf(
  attributes: Record<string, AttributeValue>,
  short: boolean,
): string[] {
  const out: string[] = [];
  for (const k of KEY_ATTRIBUTES) {
    const value = attributes[k.name];
    if (value === undefined || (k.show && !k.show(value))) continue;
    let text = k.format ? k.format(value) : String(value);
    if (k.id && short && text.length > 15) text = `${text.slice(0, 6)}…${text.slice(-6)}`;
    out.push(`${k.label} ${text}`);
  }
  return out;
}
