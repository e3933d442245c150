import { runService } from "@pod/runtime";
import { ipfsStorageService } from "./service.js";

await runService(ipfsStorageService);
