export { ipfsStorageService } from "./service.js";
