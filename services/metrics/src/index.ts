export { metricsService } from "./service.js";
export { eventCounter } from "./event-counter.js";
export { metricsConfigSchema, type MetricsConfig } from "./config.js";
export { QuantileSketch, RELATIVE_ERROR } from "./figures/quantile-sketch.js";
export { RecentFigures } from "./figures/recent-figures.js";
export { RequestJoin, SeenTransactions } from "./request-join.js";
