import { runService } from "@pod/runtime";
import { compressionService } from "./service.js";

await runService(compressionService);
