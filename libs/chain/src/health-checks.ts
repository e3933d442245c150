import type { Commitment } from "@solana/web3.js";
import type { Endpoint } from "./endpoint.js";
import { CHAIN_ERROR_CODES } from "./errors.js";
import type { AttemptFailure } from "./failure.js";
import { probeEndpoint } from "./probe.js";

export interface HealthCheckOptions {
  commitment: Commitment;
  probeIntervalMs: number;
  idleProbeMs: number;
  slotCheckMs: number;
  maxSlotLag: number;
  logger: { warn(obj: object, msg?: string): void } | undefined;
}

/**
 * The pool's background checks, both on timers that do not keep the process alive:
 * - probes of endpoints whose cool-down ended (so one comes back before traffic depends on
 *   it) and of idle ones (so a standby that died, or recovered, is seen without a failed call);
 * - with two or more endpoints, a comparison of their slots that fails the ones too far
 *   behind the best: a lagging node serves old statuses and calls fresh blockhashes invalid,
 *   and its own getHealth may still say "ok".
 */
export class HealthChecks {
  private readonly probeTimer: NodeJS.Timeout;
  private readonly slotTimer: NodeJS.Timeout | undefined;
  private comparing = false;
  private stopped = false;
  /** The highest slot a comparison saw; a recovering endpoint must have reached it. */
  private bestSlot: number | undefined;

  constructor(
    private readonly endpoints: Endpoint[],
    private readonly options: HealthCheckOptions,
  ) {
    this.probeTimer = setInterval(() => this.probeDue(), options.probeIntervalMs);
    this.probeTimer.unref();
    if (endpoints.length > 1) {
      this.slotTimer = setInterval(() => void this.compareSlots(), options.slotCheckMs);
      this.slotTimer.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.probeTimer);
    clearInterval(this.slotTimer);
  }

  private probeDue(): void {
    const now = Date.now();
    for (const endpoint of this.endpoints) {
      const { stats } = endpoint;
      const idle =
        !stats.coolingDown(now) && now - stats.lastActivityAt >= this.options.idleProbeMs;
      if (endpoint.probing || !(stats.awaitingProbe(now) || idle)) continue;
      endpoint.probing = true;
      const started = performance.now();
      this.probe(endpoint)
        .then((failure) => {
          const elapsed = performance.now() - started;
          if (failure === undefined) {
            stats.success(elapsed, Date.now(), true);
            return;
          }
          stats.failure(failure, Date.now(), elapsed, true);
          this.options.logger?.warn(
            { url: endpoint.url, code: failure.code, reason: failure.message },
            "rpc probe failed",
          );
        })
        .finally(() => {
          endpoint.probing = false;
        });
    }
  }

  /**
   * getHealth (or getSlot), and, once slots were compared, the endpoint's slot against the
   * best seen then: that slot is in the past, so a healthy node is at or past it by now.
   */
  private async probe(endpoint: Endpoint): Promise<AttemptFailure | undefined> {
    const failure = await probeEndpoint(endpoint.url, endpoint.fetch);
    if (failure !== undefined || this.bestSlot === undefined) return failure;
    const best = this.bestSlot;
    const slot = await endpoint.connection.getSlot(this.options.commitment).catch(() => undefined);
    return slot !== undefined && best - slot > this.options.maxSlotLag
      ? behind(slot, best)
      : undefined;
  }

  /** An endpoint that does not answer here is left to calls and probes to judge. */
  private async compareSlots(): Promise<void> {
    if (this.comparing || this.stopped) return;
    this.comparing = true;
    try {
      const now = Date.now();
      const live = this.endpoints.filter((e) => !e.stats.coolingDown(now));
      const slots = await Promise.all(
        live.map((e) => e.connection.getSlot(this.options.commitment).catch(() => undefined)),
      );
      const best = Math.max(...slots.map((slot) => slot ?? -Infinity));
      if (best === -Infinity) return;
      this.bestSlot = Math.max(this.bestSlot ?? best, best);
      live.forEach((endpoint, i) => {
        const slot = slots[i];
        if (slot === undefined || best - slot <= this.options.maxSlotLag) return;
        const failure = behind(slot, best);
        endpoint.stats.failure(failure, Date.now(), 0, true);
        this.options.logger?.warn(
          { url: endpoint.url, code: failure.code, reason: failure.message },
          "rpc endpoint behind",
        );
      });
    } finally {
      this.comparing = false;
    }
  }
}

function behind(slot: number, best: number): AttemptFailure {
  return {
    code: CHAIN_ERROR_CODES.rpcUnavailable,
    transient: true,
    message: `behind by ${best - slot} slots (${slot}, best ${best})`,
  };
}
