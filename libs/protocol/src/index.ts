// public face filled in by the protocol package
export * from "./subjects.js";
