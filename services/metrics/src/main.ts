import { runService } from "@pod/runtime";
import { metricsService } from "./service.js";

await runService(metricsService);
