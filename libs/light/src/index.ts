export * from "./errors.js";
export * from "./ids.js";
export * from "./genesis.js";
export * from "./load.js";
