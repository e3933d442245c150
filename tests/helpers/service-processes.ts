import { fileURLToPath } from "node:url";
import type { ServiceName } from "@pod/protocol";
import { spawnService, waitForStatus, type ServiceProcess } from "@pod/runtime/testing";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Starts services/<name>/src/main.ts as its own process and waits until /readyz says 200. */
export async function startServiceProcess(
  name: ServiceName,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const service = spawnService({
    entry: `${root}services/${name}/src/main.ts`,
    cwd: root,
    env: { SERVICE_HTTP_PORT: "0", ...env },
  });
  try {
    await waitForStatus(`${await service.httpUrl()}/readyz`, 200);
  } catch (error) {
    await service.kill();
    throw new Error(`${name} did not become ready:\n${service.output()}`, { cause: error });
  }
  return service;
}
