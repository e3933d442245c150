/**
 * Starts the whole system on free ports and prints the `pod` environment for it, for trying
 * the CLI by hand: `pnpm exec tsx tools/cli/scripts/dev-stack.ts`, then paste the exports.
 * Ctrl-C stops it.
 */
import { startStack } from "@pod/stack";

const started = Date.now();
const stack = await startStack();
const url = (name: Parameters<typeof stack.service>[0]) => stack.service(name).httpUrl;
const services = stack.services.map((s) => `${s.name}=${s.httpUrl}`).join(",");
console.log(`# started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`export POD_NATS_URL=${stack.natsUrl}`);
console.log(`export SOLANA_RPC_URL=${stack.rpcUrl}`);
console.log(`export POD_SUBSCRIPTION_URL=${url("subscription")}`);
console.log(`export POD_METRICS_URL=${url("metrics")}`);
console.log(`export POD_SERVICE_URLS=${services}`);

const stop = () => void stack.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
