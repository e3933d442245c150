import { pino } from "pino";
import { ConfigError, parseConfig } from "./config.js";
import { startLocalChain } from "./node.js";

const SHUTDOWN_GRACE_MS = 5_000;

let config;
try {
  config = parseConfig(process.argv.slice(2), process.env);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(
    `${JSON.stringify({ level: "fatal", code: e.code, field: e.field, msg: e.message })}\n`,
  );
  process.exit(2);
}

const log = pino({ level: config.logLevel, base: { service: "local-chain" } });

const node = await startLocalChain(config, {
  onInternalError: (method, err) => log.error({ method, err }, "request failed"),
});
node.chain.onFatal((err) => {
  log.fatal({ err }, "ledger write failed; exiting so a restart replays a consistent state");
  log.flush();
  process.exit(1);
});
node.chain.onLanded(({ tx }) => {
  log.debug(
    { signature: tx.signature, slot: tx.slot.toString(), err: tx.err },
    "transaction landed",
  );
});

const { genesis, restoredAccounts, restoredTransactions, discardedBytes } = node.report;
if (genesis.pod === "missing") {
  log.warn({ path: config.podProgramPath }, "PoD program file missing; not loaded");
}
if (discardedBytes > 0) log.warn({ discardedBytes }, "torn ledger tail cut off");
log.info(
  {
    rpcUrl: node.rpcUrl,
    wsUrl: node.wsUrl,
    ledger: config.ledgerDir,
    slotMs: config.slotMs,
    slot: node.chain.slot.toString(),
    pod: genesis.pod,
    podUpgradeAuthority: genesis.podUpgradeAuthority,
    light: genesis.light,
    programs: genesis.programs,
    restoredAccounts,
    restoredTransactions,
    discardedBytes,
  },
  "listening",
);

const shutdown = (signal: string): void => {
  log.info({ signal }, "stopping");
  const timer = setTimeout(() => {
    log.error({ graceMs: SHUTDOWN_GRACE_MS }, "shutdown timed out");
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  node
    .close()
    .then(() => {
      clearTimeout(timer);
      log.info("stopped");
      log.flush();
      process.exit(0);
    })
    .catch((err: unknown) => {
      log.error({ err }, "shutdown failed");
      process.exit(1);
    });
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
