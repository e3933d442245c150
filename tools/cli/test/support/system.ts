import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatKeypairFile, generateKeypair, type Keypair } from "@pod/protocol";
import { startStack, type Stack } from "@pod/stack";
import { runPod, tempHome, type PodRun, type RunOptions } from "./run-pod.js";

/** One agent of a test: its own HOME (state file) and keypair file. */
export interface TestAgent {
  keypair: Keypair;
  address: string;
  home: string;
  keyPath: string;
  /** Runs `pod` as this agent against the stack. */
  pod(args: string[], opts?: RunOptions): Promise<PodRun>;
}

/** The CLI's environment for a stack: every URL it needs, nothing inherited. */
export function stackEnv(stack: Stack): Record<string, string> {
  return {
    POD_NATS_URL: stack.natsUrl,
    SOLANA_RPC_URL: stack.rpcUrl,
    POD_SUBSCRIPTION_URL: stack.service("subscription").httpUrl,
    POD_METRICS_URL: stack.service("metrics").httpUrl,
    POD_SERVICE_URLS: stack.services.map((s) => `${s.name}=${s.httpUrl}`).join(","),
  };
}

export function makeAgent(stack: Stack, name: string): TestAgent {
  const home = tempHome(`pod-cli-${name}-`);
  const keypair = generateKeypair();
  const keyPath = join(home, `${name}.json`);
  writeFileSync(keyPath, formatKeypairFile(keypair), { mode: 0o600 });
  const env = { ...stackEnv(stack), HOME: home, POD_KEYPAIR: keyPath };
  return {
    keypair,
    address: keypair.address,
    home,
    keyPath,
    pod: (args, opts = {}) => runPod(args, { ...opts, env: { ...env, ...opts.env } }),
  };
}

export { startStack, type Stack };
