export { ingestService } from "./service.js";
