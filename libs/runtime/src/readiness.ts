/** What a readiness check reports: a bare boolean, or a verdict with a detail for operators. */
export type CheckResult = boolean | { ok: boolean; detail?: unknown };
export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;

export interface CheckReport {
  name: string;
  ok: boolean;
  detail?: unknown;
}

export interface ReadinessReport {
  ready: boolean;
  checks: CheckReport[];
}

/** A check that takes longer than this counts as failed, so /readyz always answers. */
export const CHECK_TIMEOUT_MS = 1000;

/** Named readiness checks; the service is ready when every one passes. */
export class Readiness {
  readonly #checks = new Map<string, ReadinessCheck>();

  /** Adds (or replaces) the check called `name`. */
  add(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** Runs every check concurrently, each bounded by `timeoutMs`; never throws. */
  async evaluate(timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
    const checks = await Promise.all(
      [...this.#checks].map(([name, check]) => runCheck(name, check, timeoutMs)),
    );
    return { ready: checks.every((c) => c.ok), checks };
  }
}

async function runCheck(
  name: string,
  check: ReadinessCheck,
  timeoutMs: number,
): Promise<CheckReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((done) => {
    timer = setTimeout(
      () => done({ ok: false, detail: `no answer in ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    if (typeof result === "boolean") return { name, ok: result };
    return result.detail === undefined
      ? { name, ok: result.ok }
      : { name, ok: result.ok, detail: result.detail };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
