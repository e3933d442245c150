import { runService } from "@pod/runtime";
import { subscriptionService } from "./service.js";

await runService(subscriptionService);
