export { txBundlerService } from "./service.js";
export { bundlerConfigSchema, resolveBundlerConfig, type BundlerConfig } from "./config.js";
export { INITIAL_LIMITS } from "./bootstrap.js";
