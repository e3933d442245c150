import type { ServiceDefinition } from "@pod/runtime";
import { metricsConfigSchema } from "./config.js";
import { eventCounter } from "./event-counter.js";
import { RecentFigures } from "./figures/recent-figures.js";
import { registerGauges } from "./gauges.js";
import { API_PREFIX, apiRoutes } from "./http/api-routes.js";
import { loadDashboardAssets } from "./http/dashboard-assets.js";
import { DASHBOARD_PREFIX, dashboardHandler } from "./http/dashboard-routes.js";
import { createInstruments, LabelCap } from "./instruments.js";
import { JetStreamPoller } from "./jetstream-poller.js";
import { lifecycleRecorder } from "./lifecycle-events.js";
import { RequestJoin, SeenTransactions } from "./request-join.js";
import { summaryBuilder } from "./summary.js";

/** Transactions remembered to measure each once; far more than are confirmed in a minute. */
const SEEN_TRANSACTIONS = 20_000;

/**
 * metrics: reads every lifecycle event (pod.events.>, durable "metrics" on POD_EVENTS) into
 * Prometheus instruments and its own rolling windows, polls JetStream for consumer backlogs
 * and dead letters, and serves GET /api/summary, /api/stream and the dashboard page.
 */
export const metricsService: ServiceDefinition<typeof metricsConfigSchema.shape> = {
  name: "metrics",
  httpPort: 8086,
  configSchema: metricsConfigSchema,
  async start(ctx) {
    const { config, log } = ctx;
    const startedAt = Date.now();
    const figures = new RecentFigures();
    const join = new RequestJoin({
      capacity: config.METRICS_JOIN_CAPACITY,
      ttlMs: config.METRICS_JOIN_TTL_MS,
    });
    const poller = new JetStreamPoller(ctx.bus, { intervalMs: config.METRICS_POLL_MS, log });
    registerGauges(ctx.meter, poller, join);
    ctx.onShutdown(() => poller.stop(), "jetstream-poller");
    await poller.start();

    const summary = summaryBuilder({
      service: ctx.name,
      instanceId: config.INSTANCE_ID,
      startedAt,
      figures,
      poller,
    });
    const api = apiRoutes({
      summary,
      streamIntervalMs: config.METRICS_STREAM_INTERVAL_MS,
      maxStreamClients: config.METRICS_STREAM_MAX_CLIENTS,
      log,
    });
    ctx.onShutdown(() => api.close(), "summary-streams");
    ctx.addHttpRoute(API_PREFIX, api.handler);
    const dashboard = dashboardHandler(await loadDashboardAssets());
    ctx.addHttpRoute(DASHBOARD_PREFIX, dashboard);
    // The page at the root too: "/" is the runtime's catch-all, below every other route.
    ctx.addHttpRoute("/", dashboard);

    const count = eventCounter(ctx.meter);
    const record = lifecycleRecorder({
      instruments: createInstruments(ctx.meter),
      figures,
      join,
      transactions: new SeenTransactions(SEEN_TRANSACTIONS),
      failureCodes: new LabelCap(config.METRICS_MAX_FAILURE_CODES),
      log,
    });
    await ctx.consume(async (delivery) => {
      count(delivery.subject);
      record(delivery);
    });
  },
};
