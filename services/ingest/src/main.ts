import { runService } from "@pod/runtime";
import { ingestService } from "./service.js";

await runService(ingestService);
