export { metricsService } from "./service.js";
export { eventCounter } from "./event-counter.js";
