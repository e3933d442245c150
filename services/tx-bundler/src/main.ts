import { runService } from "@pod/runtime";
import { txBundlerService } from "./service.js";

await runService(txBundlerService);
