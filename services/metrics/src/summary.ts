import { SUMMARY_VERSION, SUMMARY_WINDOWS, type Summary, type SummaryWindow } from "@pod/dashboard";
import type { RecentFigures } from "./figures/recent-figures.js";
import type { JetStreamPoller } from "./jetstream-poller.js";

const WINDOW_MS: Record<SummaryWindow, number> = { "1m": 60_000, "5m": 300_000, "15m": 900_000 };

export interface SummarySources {
  service: string;
  instanceId: string;
  startedAt: number;
  figures: RecentFigures;
  poller: JetStreamPoller;
  clock?: () => number;
}

/**
 * Builds GET /api/summary. A summary built less than `maxAgeMs` ago is reused, so that many
 * dashboards (and their streams) cost one build per interval, not one each.
 */
export function summaryBuilder(sources: SummarySources, maxAgeMs = 250): () => Summary {
  const clock = sources.clock ?? Date.now;
  let last: Summary | undefined;
  return () => {
    const now = clock();
    if (last && now - last.generatedAt < maxAgeMs) return last;
    last = buildSummary(sources, now);
    return last;
  };
}

export function buildSummary(sources: SummarySources, now: number): Summary {
  const { figures, poller } = sources;
  const t = figures.totals;
  return {
    v: SUMMARY_VERSION,
    service: sources.service,
    instanceId: sources.instanceId,
    generatedAt: now,
    startedAt: sources.startedAt,
    totals: {
      events: t.events,
      accepted: t.accepted,
      confirmed: t.confirmed,
      failed: t.failed,
      rejected: t.rejected,
      delivered: t.delivered,
      rejectedByCode: Object.fromEntries(t.rejectedByCode),
      failedByCode: Object.fromEntries(t.failedByCode),
    },
    windows: Object.fromEntries(
      SUMMARY_WINDOWS.map((w) => [w, figures.window(WINDOW_MS[w], now)]),
    ) as Summary["windows"],
    lag: { polledAt: poller.lagPolledAt, consumers: poller.lag },
    dlq: { polledAt: poller.dlqPolledAt, ...poller.dlq },
    series: figures.series(now),
  };
}
