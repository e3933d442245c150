import type { RpcPool } from "@pod/chain";
import type { Logger } from "@pod/runtime";
import type { ChainState } from "./chain-state.js";
import type { BundlerKeys } from "./keys.js";

export interface ChainReadiness {
  reachable: { ok: boolean; detail: unknown };
  protocol: { ok: boolean; detail: unknown };
  relayer: { ok: boolean; detail: unknown };
  feePayers: { ok: boolean; detail: unknown };
}

const REFRESH_MS = 3_000;

/**
 * The chain-side readiness checks, refreshed in the background (a /readyz check must answer
 * within a second; RPC round trips to a remote cluster may not).
 */
export class ReadinessWatch {
  #state: ChainReadiness = {
    reachable: { ok: false, detail: "not checked yet" },
    protocol: { ok: false, detail: "not checked yet" },
    relayer: { ok: false, detail: "not checked yet" },
    feePayers: { ok: false, detail: "not checked yet" },
  };
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: RpcPool,
    private readonly chain: ChainState,
    private readonly keys: BundlerKeys,
    private readonly minLamports: number,
    private readonly log: Logger,
  ) {}

  get state(): ChainReadiness {
    return this.#state;
  }

  async refresh(): Promise<ChainReadiness> {
    try {
      const slot = await this.pool.call("getSlot", (c) => c.getSlot());
      const protocol = await this.chain.protocol(true);
      const authority = this.keys.authority.publicKey.toBase58();
      const payers = this.keys.feePayers.all().map((k) => k.publicKey);
      const balances = await this.pool.call("getMultipleAccountsInfo", (c) =>
        c.getMultipleAccountsInfo(payers),
      );
      const lamports = balances.map((b) => b?.lamports ?? 0);
      this.#state = {
        reachable: { ok: true, detail: { slot, endpoints: this.pool.health() } },
        protocol: { ok: protocol !== undefined, detail: protocol ?? "not initialized" },
        relayer: {
          ok: protocol?.relayers.includes(authority) ?? false,
          detail: { authority },
        },
        feePayers: {
          ok: lamports.every((l) => l >= this.minLamports),
          detail: payers.map((p, i) => ({ key: p.toBase58(), lamports: lamports[i] })),
        },
      };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#state = { ...this.#state, reachable: { ok: false, detail } };
      this.log.debug({ event: "readiness_refresh_failed", err: error });
    }
    return this.#state;
  }

  start(): void {
    this.#timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
