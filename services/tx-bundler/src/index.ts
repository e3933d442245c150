export { txBundlerService, NOT_PULLING_REASON } from "./service.js";
