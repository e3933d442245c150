export { subscriptionService } from "./service.js";
