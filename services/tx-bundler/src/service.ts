import { BlockhashCache, RpcPool } from "@pod/chain";
import type { Handler } from "@pod/bus";
import type { ServiceContext, ServiceDefinition, ServiceConfig } from "@pod/runtime";
import { PublicKey } from "@solana/web3.js";
import { bootstrap, topUp, type BootstrapDeps } from "./bootstrap.js";
import { Bundler } from "./bundler.js";
import { ChainState } from "./chain-state.js";
import { Claims } from "./claims.js";
import { bundlerConfigSchema, resolveBundlerConfig } from "./config.js";
import { CONFIRMED_SUBJECT, confirmedMsgId, FAILED_SUBJECT, failedMsgId } from "./events.js";
import { loadBundlerKeys } from "./keys.js";
import { Lander } from "./lander.js";
import { createMetrics } from "./metrics.js";
import { ReadinessWatch } from "./readiness.js";
import { resolveLookupTable } from "./lookup-table.js";
import { recordOf } from "./ready-record.js";
import { StageReport } from "./stage-report.js";

type Ctx = ServiceContext<ServiceConfig<typeof bundlerConfigSchema.shape>>;

/** Bootstrap and airdrops are retried this often until they succeed (chain down at start). */
const BOOTSTRAP_RETRY_MS = 5_000;
const TOP_UP_EVERY_MS = 30_000;

/** tx-bundler: the only writer to the chain, consuming pod.pipeline.ready.>. */
export const txBundlerService: ServiceDefinition<typeof bundlerConfigSchema.shape> = {
  name: "tx-bundler",
  httpPort: 8084,
  configSchema: bundlerConfigSchema,
  async start(ctx) {
    const config = resolveBundlerConfig(ctx.config);
    const pool = new RpcPool({ urls: config.rpcUrls, commitment: "confirmed", logger: ctx.log });
    const blockhashes = new BlockhashCache(pool, { refreshMs: 1_000 });
    ctx.onShutdown(() => {
      blockhashes.stop();
      pool.close();
    }, "rpc");
    const keys = await loadBundlerKeys(config);
    const chain = new ChainState(pool);
    const claims = await Claims.open(ctx.bus, config.claimTtlMs, ctx.config.NATS_REPLICAS);
    ctx.log.info(
      {
        event: "bundler_keys",
        authority: keys.authority.publicKey.toBase58(),
        fee_payers: keys.feePayers.all().map((k) => k.publicKey.toBase58()),
        admin: keys.admin?.publicKey.toBase58() ?? null,
        rpc: config.rpcUrls,
      },
      "bundler keys loaded",
    );

    const boot: BootstrapDeps = {
      pool,
      chain,
      blockhashes,
      keys,
      log: ctx.log,
      airdropLamports: config.airdropLamports,
      minLamports: config.minFeePayerLamports,
    };
    await startBootstrap(ctx, boot);
    // After bootstrap: creating a table needs the fee payers funded.
    const lookupTable = await resolveLookupTable({ pool, blockhashes, keys, config, log: ctx.log });

    const watch = new ReadinessWatch(pool, chain, keys, config.minFeePayerLamports, ctx.log);
    await watch.refresh();
    watch.start();
    ctx.onShutdown(() => watch.stop(), "readiness");
    ctx.addReadinessCheck("chain", () => watch.state.reachable);
    ctx.addReadinessCheck("protocol", () => watch.state.protocol);
    ctx.addReadinessCheck("relayer", () => watch.state.relayer);
    ctx.addReadinessCheck("fee_payers", () => watch.state.feePayers);

    // The gauges read the lander and bundler made just below.
    const parts: { lander?: Lander; bundler?: Bundler } = {};
    const stages = new StageReport(ctx.log);
    stages.start();
    ctx.onShutdown(() => stages.stop(), "stage-report");
    const metrics = createMetrics(
      ctx.meter,
      () => parts.lander?.inFlight ?? 0,
      () => parts.bundler?.queued ?? 0,
      stages,
    );
    const lander = new Lander({
      pool,
      blockhashes,
      feePayers: keys.feePayers,
      authority: keys.authority,
      claims,
      chain,
      config,
      metrics,
      log: ctx.log,
      stateTree: new PublicKey(config.stateTree),
      lookupTable,
      instance: ctx.config.INSTANCE_ID,
    });
    const running = new Bundler({
      pool,
      chain,
      claims,
      lander,
      config,
      metrics,
      log: ctx.log,
      authority: keys.authority.publicKey,
      packLimits: {
        maxRecords: 64,
        shape: {
          authority: keys.authority.publicKey,
          stateTree: new PublicKey(config.stateTree),
          microLamportsPerUnit: config.priorityFeeMicroLamports,
          lookupTable,
          setComputeUnits: config.setComputeUnitLimit,
        },
      },
    });
    parts.lander = lander;
    parts.bundler = running;
    // Runs after the consumer stopped (its handlers are waiting on these records).
    ctx.onShutdown(() => running.close(), "bundler");

    const handler: Handler = async (delivery) => {
      const record = recordOf(delivery);
      const outcome = await running.handle(record);
      if (outcome.type === "confirmed") {
        await delivery.publish(CONFIRMED_SUBJECT, outcome.event, {
          msgId: confirmedMsgId(record.requestKey),
        });
      } else {
        await delivery.publish(FAILED_SUBJECT, outcome.event, {
          msgId: failedMsgId(record.requestKey),
        });
      }
    };
    await ctx.consume(handler, {
      concurrency: config.consumeConcurrency,
      backoffMs: [500, 2_000, 5_000, 15_000],
    });
  },
};

/** Bootstraps now; when the chain is not there yet, keeps trying in the background. */
async function startBootstrap(ctx: Ctx, boot: BootstrapDeps): Promise<void> {
  let stopped = false;
  ctx.onShutdown(() => void (stopped = true), "bootstrap");
  const attempt = async (): Promise<boolean> => {
    try {
      await bootstrap(boot);
      return true;
    } catch (error) {
      ctx.log.warn({ event: "bootstrap_failed", err: error }, "bootstrap failed; retrying");
      return false;
    }
  };
  if (!(await attempt())) {
    const retry = setInterval(() => {
      if (stopped) return clearInterval(retry);
      void attempt().then((ok) => ok && clearInterval(retry));
    }, BOOTSTRAP_RETRY_MS);
    retry.unref();
  }
  if (boot.airdropLamports !== undefined) {
    const timer = setInterval(() => {
      if (stopped) return clearInterval(timer);
      topUp(boot).catch((error: unknown) =>
        ctx.log.warn({ event: "top_up_failed", err: error }, "top-up failed"),
      );
    }, TOP_UP_EVERY_MS);
    timer.unref();
  }
}
