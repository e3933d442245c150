// The services' own config schemas, imported from their sources by path: the system-tests
// package depends on no service (scripts/check-boundaries.ts keeps services apart, not tests).
import { commonConfigSchema, serviceConfigSchema, type ServiceDefinition } from "@pod/runtime";
import type { ServiceName } from "@pod/protocol";
import { compressionService } from "../../../services/compression/src/index.js";
import { ingestService } from "../../../services/ingest/src/index.js";
import { ipfsStorageService } from "../../../services/ipfs-storage/src/index.js";
import { metricsService } from "../../../services/metrics/src/index.js";
import { subscriptionService } from "../../../services/subscription/src/index.js";
import { txBundlerService } from "../../../services/tx-bundler/src/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each definition has its own shape
const DEFINITIONS: ServiceDefinition<any>[] = [
  ingestService,
  compressionService,
  ipfsStorageService,
  txBundlerService,
  subscriptionService,
  metricsService,
];

/** The schema a service's startService loads its environment with, and its default port. */
export function serviceSchema(name: ServiceName) {
  const def = DEFINITIONS.find((d) => d.name === name);
  if (!def) throw new Error(`no service definition named ${name}`);
  const defaults = { service: def.name, httpPort: def.httpPort };
  const schema = def.configSchema
    ? serviceConfigSchema(defaults, def.configSchema)
    : commonConfigSchema(defaults);
  return { schema, httpPort: def.httpPort };
}
