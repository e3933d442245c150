import type { StageName } from "@pod/dashboard";
import { QuantileSketch } from "./quantile-sketch.js";

/** What one slot (SLOT_MS of event time) accumulates for the summary. */
export interface FigureSlot {
  accepted: number;
  delivered: number;
  confirmedByOp: Map<string, number>;
  failedByCode: Map<string, number>;
  rejectedByCode: Map<string, number>;
  /** Publish to confirmed, ms, by op. */
  publishToConfirmed: Map<string, QuantileSketch>;
  confirmedToDelivered: QuantileSketch;
  stages: Record<StageName, QuantileSketch>;
  computeUnitsPerMessage: QuantileSketch;
  feeLamportsPerMessage: QuantileSketch;
  lamportsPerMessage: QuantileSketch;
  recordsPerTransaction: QuantileSketch;
}

export function emptySlot(): FigureSlot {
  return {
    accepted: 0,
    delivered: 0,
    confirmedByOp: new Map(),
    failedByCode: new Map(),
    rejectedByCode: new Map(),
    publishToConfirmed: new Map(),
    confirmedToDelivered: new QuantileSketch(),
    stages: {
      accepted: new QuantileSketch(),
      content_stored: new QuantileSketch(),
      confirmed: new QuantileSketch(),
    },
    computeUnitsPerMessage: new QuantileSketch(),
    feeLamportsPerMessage: new QuantileSketch(),
    lamportsPerMessage: new QuantileSketch(),
    recordsPerTransaction: new QuantileSketch(),
  };
}

export function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export function sketchOf(map: Map<string, QuantileSketch>, key: string): QuantileSketch {
  let sketch = map.get(key);
  if (!sketch) {
    sketch = new QuantileSketch();
    map.set(key, sketch);
  }
  return sketch;
}
