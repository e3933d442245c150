export { compressionService } from "./service.js";
