/**
 * The PoD pipeline's load generator and end-to-end benchmark.
 *
 *   pnpm exec tsx tools/loadgen/src/cli/main.ts --agents 100 --rate 1000 --duration 60 --spawn \
 *     --out bench-results/loadgen.json
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { LoadgenError } from "../errors.js";
import { discoverPipelineProcesses, parsePidList } from "../proc/discover.js";
import type { ProcessTarget } from "../proc/sampler.js";
import { runLoad } from "../run.js";
import { spawnStack, type SpawnedStack } from "../stack/spawn-stack.js";
import { parseCli, serviceEnvOf } from "./options.js";
import { progressObserver } from "./progress.js";
import { renderReport } from "./tables.js";

async function main(): Promise<number> {
  const options = parseCli(process.argv);
  let stack: SpawnedStack | undefined;
  const stopStack = async () => {
    const s = stack;
    stack = undefined;
    await s?.stop();
  };
  const onSignal = () => {
    void stopStack().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    let natsUrl = options.natsUrl;
    let rpcUrl: string | undefined = options.rpcUrl;
    let wsUrl = options.wsUrl;
    let adminKeypair = options.adminKeypair;
    let processes: ProcessTarget[];
    if (options.spawn) {
      console.log("[loadgen] starting nats-server, the local chain and the six services ...");
      stack = await spawnStack({
        ...(options.logs === undefined ? {} : { logDir: options.logs }),
        ...serviceEnvOf(options.serviceEnv),
      });
      ({ natsUrl, rpcUrl } = stack);
      wsUrl = stack.wsUrl ?? wsUrl;
      adminKeypair = adminKeypair ?? stack.adminKeypairPath;
      processes = stack.processes;
      console.log(`[loadgen] stack up: nats ${natsUrl}, chain ${rpcUrl}`);
    } else {
      processes =
        options.pids !== undefined ? parsePidList(options.pids) : discoverPipelineProcesses();
    }

    const observer = progressObserver(options.progress && process.stdout.isTTY === true);
    let report;
    try {
      report = await runLoad({
        agents: options.agents,
        ...(options.messages === undefined ? {} : { messages: options.messages }),
        rate: options.rate,
        ...(options.duration === undefined ? {} : { durationS: options.duration }),
        channels: options.channels,
        joinsPerAgent: options.joinsPerAgent,
        setupRate: options.setupRate ?? options.rate,
        mix: {
          directRatio: options.directRatio,
          largeRatio: options.largeRatio,
          largeBytes: options.largeBytes,
          expiringRatio: options.expiringRatio,
        },
        maxOutstanding: options.maxOutstanding,
        drainTimeoutMs: options.drainTimeout * 1000,
        seed: options.seed,
        natsUrl,
        rpcUrl,
        ...(wsUrl === undefined ? {} : { wsUrl }),
        processes,
        spawned: options.spawn,
        ...(options.baseline
          ? {
              baseline: {
                clients: options.baselineClients,
                durationMs: options.baselineSeconds * 1000,
                ...(adminKeypair === undefined ? {} : { adminKeypairPath: adminKeypair }),
              },
            }
          : {}),
        observer,
      });
    } finally {
      observer.stop();
    }

    console.log(`\n${renderReport(report)}`);
    if (options.out !== undefined) {
      await mkdir(dirname(options.out), { recursive: true });
      await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`wrote ${options.out}`);
    }
    return 0;
  } finally {
    await stopStack();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof LoadgenError) console.error(`loadgen: ${error.message}`);
    else console.error(error);
    process.exit(error instanceof LoadgenError && error.code === "LOADGEN_CONFIG_INVALID" ? 2 : 1);
  },
);
