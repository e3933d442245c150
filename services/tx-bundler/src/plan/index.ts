import type { BundleRecord } from "../ready-record.js";
import { isCompressedMessage } from "../ready-record.js";
import { planRegisterAgent, planRegisterAgents, planUpdateAgent } from "./agents.js";
import { planCreateChannel, planJoinChannel, planLeaveChannel } from "./channels.js";
import type { PlanContext } from "./context.js";
import { planCompressedMessage, planDirectMessage, planMarkMessage } from "./messages.js";
import type { Planned } from "./plan.js";

export type { PlanContext } from "./context.js";
export type { CompressedPlan, InstructionPlan, LockKey, Plan, Planned } from "./plan.js";
export { lockKeysOf, readsChainToPlan } from "./locks.js";

/** Maps one ready record to what lands it (see the write-path contract, tx-bundler). */
export async function planRecord(record: BundleRecord, ctx: PlanContext): Promise<Planned> {
  const ready = record.ready;
  switch (ready.op) {
    case "register_agent":
      return planRegisterAgent(ready, ctx);
    case "register_agents":
      return planRegisterAgents(ready, ctx);
    case "update_agent":
      return planUpdateAgent(ready, ctx);
    case "create_channel":
      return planCreateChannel(ready, ctx);
    case "join_channel":
      return planJoinChannel(ready, ctx);
    case "leave_channel":
      return planLeaveChannel(ready, ctx);
    case "send_direct":
    case "post_channel":
      return isCompressedMessage(record)
        ? planCompressedMessage(ready)
        : planDirectMessage(ready, ctx);
    case "mark_message":
      return planMarkMessage(ready, ctx);
  }
}
