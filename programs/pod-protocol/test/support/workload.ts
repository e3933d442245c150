import { loadLight } from "@pod/light";
import type { ExecutionResult } from "@pod/svm";
import { podInstruction } from "../../src/instructions.js";
import { pdas } from "../../src/program.js";
import { agentArgs, BN, bytes, DEFAULT_LIMITS, keypair, Pod, requestId } from "./pod.js";
import { records } from "./records.js";
import { signedDigests } from "./signing.js";
import { ed25519Instruction } from "../../src/ed25519.js";

export interface Step {
  /** The instruction measured (several steps may measure one instruction). */
  instruction: string;
  label: string;
  result: ExecutionResult;
}

/**
 * Every instruction once, in an order where each succeeds, with keys derived from labels so
 * PDA bumps (and therefore compute units) are the same on every run.
 */
export function runWorkload(): Step[] {
  const pod = new Pod();
  loadLight(pod.chain.svm.svm);
  const steps: Step[] = [];
  const step = (
    instruction: string,
    label: string,
    ix: Parameters<Pod["ok"]>[0],
    signers: Parameters<Pod["ok"]>[1],
  ) => steps.push({ instruction, label, result: pod.ok(ix, signers) });
  const { admin, relayer } = pod;
  const alice = keypair("alice");
  const bob = keypair("bob");

  step("initialize", "initialize", pod.initialize({ ...DEFAULT_LIMITS, max_batch: 30 }), [admin]);
  step("add_relayer", "add_relayer", pod.adminIx("add_relayer", { relayer: relayer.publicKey }), [
    admin,
  ]);
  step(
    "add_relayer",
    "add_relayer (second)",
    pod.adminIx("add_relayer", { relayer: keypair("r2").publicKey }),
    [admin],
  );
  step(
    "remove_relayer",
    "remove_relayer",
    pod.adminIx("remove_relayer", { relayer: keypair("r2").publicKey }),
    [admin],
  );
  step("set_paused", "set_paused", pod.adminIx("set_paused", { paused: false }), [admin]);
  step(
    "update_limits",
    "update_limits",
    pod.adminIx("update_limits", { limits: { ...DEFAULT_LIMITS, max_batch: 30 } }),
    [admin],
  );
  step("register_agent", "register_agent (self)", pod.registerAgent(alice.publicKey, alice), [
    alice,
  ]);
  step("register_agent", "register_agent (relayer)", pod.registerAgent(bob.publicKey, relayer), [
    relayer,
  ]);
  const batch = [1, 2, 3, 4, 5].map((i) => keypair(`batch-${i}`).publicKey);
  step(
    "register_agents",
    "register_agents (5)",
    podInstruction(
      "register_agents",
      { entries: batch.map((a) => agentArgs(a)) },
      { payer: pod.payer.publicKey, authority: relayer.publicKey, protocol: pdas.protocol() },
      batch.map((a) => ({ pubkey: pdas.agent(a), isSigner: false, isWritable: true })),
    ),
    [relayer],
  );
  step(
    "update_agent",
    "update_agent",
    podInstruction(
      "update_agent",
      { capabilities: new BN(3), metadata_uri: "ipfs://updated", commitment: bytes(1) },
      {
        authority: relayer.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(alice.publicKey),
      },
    ),
    [relayer],
  );
  step(
    "create_channel",
    "create_channel (64-byte name)",
    pod.createChannel("c".repeat(64), alice.publicKey, relayer),
    [relayer],
  );
  step("join_channel", "join_channel", pod.joinChannel("c".repeat(64), bob.publicKey, relayer), [
    relayer,
  ]);
  step(
    "post_to_channel",
    "post_to_channel",
    pod.postToChannel(requestId("post"), bob.publicKey, "c".repeat(64), relayer),
    [relayer],
  );
  step(
    "send_message",
    "send_message",
    pod.sendMessage(requestId("dm"), alice.publicKey, bob.publicKey, relayer, { ttl: 60 }),
    [relayer],
  );
  step(
    "mark_delivered",
    "mark_delivered",
    pod.markStatus("mark_delivered", requestId("dm"), relayer),
    [relayer],
  );
  step("mark_read", "mark_read", pod.markStatus("mark_read", requestId("dm"), relayer), [relayer]);
  step("leave_channel", "leave_channel", pod.leaveChannel("c".repeat(64), bob.publicKey, relayer), [
    relayer,
  ]);
  step(
    "close_channel",
    "close_channel (empty: deleted)",
    pod.closeChannel("c".repeat(64), relayer),
    [relayer],
  );
  pod.chain.svm.advanceSlots(1, BigInt(Math.floor(Date.now() / 1000) + 3600));
  step("close_expired_message", "close_expired_message", pod.closeExpired(requestId("dm")), []);
  step(
    "close_agent",
    "close_agent",
    podInstruction(
      "close_agent",
      { commitment: bytes(2) },
      {
        authority: relayer.publicKey,
        protocol: pdas.protocol(),
        agent_account: pdas.agent(keypair("batch-1").publicKey),
        rent_receiver: pod.payer.publicKey,
      },
    ),
    [relayer],
  );
  const next = keypair("admin2");
  step(
    "set_admin",
    "set_admin",
    podInstruction(
      "set_admin",
      {},
      { admin: admin.publicKey, protocol: pdas.protocol(), new_admin: next.publicKey },
    ),
    [admin, next],
  );
  for (const n of [1, 4]) {
    step(
      "append_signed_messages",
      `append_signed_messages (${n})`,
      [ed25519Instruction(signedDigests(n, `w${n}`)), pod.appendSigned(relayer)],
      [relayer],
    );
  }
  for (const n of [1, 5, 10]) {
    step(
      "append_compressed_messages",
      `append_compressed_messages (${n})`,
      pod.appendCompressed(records(n, `w${n}`), relayer),
      [relayer],
    );
  }
  return steps;
}
