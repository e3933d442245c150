export { CodedError, type CodedErrorOptions } from "./coded-error.js";
