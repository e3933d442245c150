import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { fields } from "@pod/protocol";
import type { ToolContext } from "../context.js";
import { guarded } from "./guard.js";
import { address, agentAccount, confirm, outcome, outcomeLine, outcomeOf } from "./shapes.js";

const account = agentAccount.describe("the agent's account on chain");

/** The agent's registration on chain, or undefined when it has none. */
function agentAccountOf(ctx: ToolContext, agent: string) {
  return ctx.client.getAgent(agent);
}

// Built once: zod schemas are costly to construct, and HTTP builds a server per request.
const podWhoamiTool = {
  title: "Who am I",
  description:
    "This agent's address (its public key), where its key file is, which PoD system it " +
    "talks to, and whether it is registered on chain.",
  inputSchema: {},
  outputSchema: {
    agent: z.string(),
    keypairPath: z.string(),
    natsUrl: z.string(),
    rpcUrl: z.string(),
    subscriptionUrl: z.string(),
    registered: z.boolean(),
    account: account.optional(),
  },
  annotations: { readOnlyHint: true, openWorldHint: true },
};

const podRegisterTool = {
  title: "Register or update this agent",
  description:
    "Registers this agent on chain, or updates its capabilities and metadata URI when it " +
    "is already registered (mode auto). Registration must come before any other request.",
  inputSchema: {
    capabilities: fields.u64String
      .optional()
      .describe("u64 capability bitmap as a decimal string (default 0 on registration)"),
    metadataUri: z
      .string()
      .max(200)
      .optional()
      .describe("where the agent describes itself (default empty on registration)"),
    mode: z
      .enum(["auto", "register", "update"])
      .default("auto")
      .describe("auto: register when not registered yet, else update"),
    confirm,
  },
  outputSchema: { action: z.enum(["registered", "updated"]), agent: z.string(), ...outcome },
  annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: true },
};

const podAgentShowTool = {
  title: "Show an agent",
  description: "Reads an agent's registration from the chain (capabilities, metadata URI).",
  inputSchema: { agent: address },
  outputSchema: { agent: z.string(), registered: z.boolean(), account: account.optional() },
  annotations: { readOnlyHint: true, openWorldHint: true },
};

/** pod_whoami, pod_register, pod_agent_show. */
export function registerIdentityTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool("pod_whoami", podWhoamiTool, () =>
    guarded(ctx, "pod_whoami", async () => {
      const found = await agentAccountOf(ctx, ctx.client.agent);
      const data = {
        agent: ctx.client.agent,
        keypairPath: ctx.keypairPath,
        natsUrl: ctx.natsUrl,
        rpcUrl: ctx.rpcUrl,
        subscriptionUrl: ctx.subscriptionUrl,
        registered: found !== undefined,
        ...(found ? { account: found } : {}),
      };
      const text =
        `agent ${data.agent} (${found ? "registered" : "not registered"})\n` +
        `key file ${data.keypairPath}\nnats ${data.natsUrl}, rpc ${data.rpcUrl}, ` +
        `subscription ${data.subscriptionUrl}`;
      return { data, text };
    }),
  );

  server.registerTool("pod_register", podRegisterTool, (args) =>
    guarded(ctx, "pod_register", async () => {
      const fields = { capabilities: args.capabilities, metadataUri: args.metadataUri };
      const opts = { confirm: args.confirm, timeoutMs: ctx.confirmTimeoutMs };
      const update =
        args.mode === "update" ||
        (args.mode === "auto" && (await agentAccountOf(ctx, ctx.client.agent)) !== undefined);
      const result = update
        ? await ctx.client.updateAgent(fields, opts)
        : await ctx.client.registerAgent(fields, opts);
      const o = outcomeOf(result);
      const action = update ? ("updated" as const) : ("registered" as const);
      const data = { action, agent: ctx.client.agent, ...o };
      return { data, text: `${action} ${ctx.client.agent}: ${outcomeLine(o)}` };
    }),
  );

  server.registerTool("pod_agent_show", podAgentShowTool, (args) =>
    guarded(ctx, "pod_agent_show", async () => {
      const found = await agentAccountOf(ctx, args.agent);
      const data = {
        agent: args.agent,
        registered: found !== undefined,
        ...(found ? { account: found } : {}),
      };
      const text = found
        ? `agent ${args.agent}: capabilities ${found.capabilities}, metadata ` +
          `${JSON.stringify(found.metadataUri)}, registered ${new Date(found.registeredAt).toISOString()}`
        : `agent ${args.agent} is not registered`;
      return { data, text };
    }),
  );
}
