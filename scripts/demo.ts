/**
 * A first conversation through a running system (`pnpm start` in another terminal): two
 * agents register, one sends the other a direct message and posts to a channel, and each step
 * prints ingest's receipt and the chain's confirmation. Keys are kept in --keys, so a second
 * run reuses the agents (registering again is confirmed as already applied).
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
// A path import: the root package does not list the workspace's libraries as dependencies.
import { loadOrCreateKeypair, PodClient, RejectedError } from "../libs/sdk/src/index.js";
import { channelId } from "../libs/protocol/src/index.js";

const root = resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    "nats-url": { type: "string", default: process.env.NATS_URL ?? "nats://127.0.0.1:4222" },
    keys: { type: "string", default: join(root, ".data", "demo-agents") },
    text: { type: "string", default: "hello from the PoD demo" },
    help: { type: "boolean", short: "h" },
  },
});

if (args.help) {
  console.log(`pnpm demo [--nats-url URL] [--keys DIR] [--text TEXT]
Registers two agents, sends a direct message and a channel post through the running
pipeline, and prints each receipt and on-chain confirmation.`);
  process.exit(0);
}

const alice = await loadOrCreateKeypair(join(args.keys, "alice.json"));
const bob = await loadOrCreateKeypair(join(args.keys, "bob.json"));
const clientA = await PodClient.connect({ natsUrl: args["nats-url"], keypair: alice });
const clientB = await PodClient.connect({ natsUrl: args["nats-url"], keypair: bob });

function show(step: string, event: Awaited<ReturnType<PodClient["waitFor"]>>): void {
  const applied = event.alreadyApplied ? " (already on chain)" : "";
  console.log(
    `${step.padEnd(22)} confirmed${applied}: slot ${event.slot}, tx ${event.signature}, ` +
      `${event.storage}, ${event.bundleSize} in the tx, ${event.lamportsPerMessage.toFixed(0)} lamports`,
  );
}

try {
  const register = { capabilities: "1", metadataUri: "https://example.org/agent.json" };
  show("alice registers", await clientA.submitAndConfirm("register_agent", register));
  show("bob registers", await clientB.submitAndConfirm("register_agent", register));

  const receipt = await clientA.submit("send_direct", {
    to: bob.address,
    content: { text: args.text },
    contentType: "text/plain",
  });
  console.log(`alice -> bob           accepted: message id ${receipt.requestKey}`);
  show("alice -> bob", await clientA.waitFor(receipt.requestKey));

  const name = `demo-${alice.address.slice(0, 8)}`;
  const channel = { name, visibility: "public" as const, maxParticipants: 16 };
  show(`channel ${name}`, await clientA.submitAndConfirm("create_channel", channel));
  show("bob joins", await clientB.submitAndConfirm("join_channel", { channel: channelId(name) }));
  const post = {
    channel: channelId(name),
    content: { text: args.text },
    contentType: "text/plain",
  };
  show("bob posts", await clientB.submitAndConfirm("post_channel", post));
} catch (error) {
  if (error instanceof RejectedError) {
    console.error(
      `rejected: ${error.code} ${error.reason}${error.field ? ` (${error.field})` : ""}`,
    );
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
} finally {
  await clientA.close();
  await clientB.close();
}
