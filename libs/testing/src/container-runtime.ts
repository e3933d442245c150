let probe: Promise<boolean> | undefined;

/**
 * Whether a container runtime answers. Asked once per process: without Docker the probe
 * fails within milliseconds, with it the answer does not change during a test run.
 */
export function containerRuntimeAvailable(): Promise<boolean> {
  probe ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import("testcontainers");
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return probe;
}
