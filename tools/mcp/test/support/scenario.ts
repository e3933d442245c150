import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startStack, type Stack } from "@pod/stack";
import { afterAll, beforeAll, expect, it } from "vitest";
import { httpAgent, keyFile, stdioAgent, urlsOf, type ConnectedAgent } from "./servers.js";

export const TOOLS = [
  "pod_whoami",
  "pod_register",
  "pod_agent_show",
  "pod_send",
  "pod_inbox",
  "pod_channel_create",
  "pod_channel_join",
  "pod_channel_leave",
  "pod_channel_post",
  "pod_channel_show",
  "pod_verify",
  "pod_fetch_content",
].sort();

// The read path and the write path; metrics is not used by any tool.
const SERVICES = ["ingest", "compression", "ipfs-storage", "tx-bundler", "subscription"] as const;

/** The whole system for one test file (stopped after it). */
export function useStack(): () => Stack {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({ services: [...SERVICES], env: { LOG_LEVEL: "warn" } });
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);
  return () => stack!;
}

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(agent: ConnectedAgent, name: string, args: Record<string, unknown> = {}) {
  return (await agent.client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A successful call's structured result (fails the test with the tool's text otherwise). */
async function ok(agent: ConnectedAgent, name: string, args: Record<string, unknown> = {}) {
  const result = await call(agent, name, args);
  const text = result.content.map((c) => (c.type === "text" ? c.text : c.type)).join("\n");
  expect(result.isError, `${name}: ${text}`).toBeFalsy();
  expect(text.length).toBeGreaterThan(0);
  return result.structuredContent as Structured;
}

function errorOf(result: CallToolResult): { code: string; reason: string; text: string } {
  expect(result.isError).toBe(true);
  const texts = result.content.flatMap((c) => (c.type === "text" ? [c.text] : []));
  const json = texts.find((t) => t.startsWith("{"));
  const parsed = json
    ? (JSON.parse(json) as { error: { code: string; reason: string } })
    : undefined;
  return {
    code: parsed?.error.code ?? "",
    reason: parsed?.error.reason ?? "",
    text: texts[0] ?? "",
  };
}

/**
 * Every tool through the MCP SDK's own Client over one transport, against the whole system:
 * two agents, each with its own MCP server and key file.
 */
export function toolScenario(transport: "stdio" | "http", system: () => Stack): void {
  let dir: string;
  let a: ConnectedAgent;
  let b: ConnectedAgent;
  let addrA: string;
  let addrB: string;
  let firstMessageCursor: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `pod-mcp-${transport}-`));
    const stack = system();
    const start = transport === "stdio" ? stdioAgent : httpAgent;
    [a, b] = await Promise.all([
      start(urlsOf(stack), keyFile(dir, "a")),
      start(urlsOf(stack), keyFile(dir, "b")),
    ]);
    addrA = (await ok(a, "pod_whoami")).agent;
    addrB = (await ok(b, "pod_whoami")).agent;
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it(`${transport} - listTools shows every tool with an input and an output schema`, async () => {
    const { tools } = await a.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
    const send = tools.find((t) => t.name === "pod_send")!;
    expect(send.inputSchema.required).toContain("to");
    expect(Object.keys(send.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["to", "text", "bytes", "contentType", "confirm"]),
    );
    expect(Object.keys(send.outputSchema?.properties ?? {})).toEqual(
      expect.arrayContaining(["messageId", "receipt", "confirmation"]),
    );
  });

  it(`${transport} - the key file is created 0600 and the key never appears in a result or a log`, async () => {
    expect(statSync(keyFile(dir, "a")).mode & 0o777).toBe(0o600);
    const who = await call(a, "pod_whoami");
    const everything = JSON.stringify(who) + a.logs.join("\n");
    const secret = JSON.parse(
      (await import("node:fs")).readFileSync(keyFile(dir, "a"), "utf8"),
    ) as number[];
    expect(everything).not.toContain(JSON.stringify(secret));
    expect(everything).not.toContain(Buffer.from(secret.slice(0, 32)).toString("base64"));
  });

  it(`${transport} - a request the pipeline rejects is an isError result with its code and reason`, async () => {
    // Not registered yet: ingest refuses anything but a registration.
    const result = await call(a, "pod_send", { to: addrB, text: "too early" });
    const error = errorOf(result);
    expect(error.code).toBe("UNKNOWN_AGENT");
    expect(error.reason.length).toBeGreaterThan(0);
    expect(error.text.startsWith("UNKNOWN_AGENT: ")).toBe(true);
  });

  it(`${transport} - a cursor the subscription service refuses is an isError result with CURSOR_INVALID`, async () => {
    const error = errorOf(await call(b, "pod_inbox", { cursor: "999999999" }));
    expect(error.code).toBe("CURSOR_INVALID");
    expect(error.reason).toMatch(/beyond the stream/);
  });

  it(`${transport} - input that breaks a tool's schema is refused before anything is signed`, async () => {
    const badKey = await call(a, "pod_send", { to: "not-a-key", text: "x" });
    expect(badKey.isError).toBe(true);
    expect(JSON.stringify(badKey.content)).toMatch(/validation/i);
    const both = await call(a, "pod_send", { to: addrB, text: "x", bytes: "eA==" });
    expect(both.isError).toBe(true);
    expect(JSON.stringify(both.content)).toMatch(/exactly one of text or bytes/);
  });

  it(`${transport} - two agents register; each reads the other from the chain; a second call updates`, async () => {
    expect((await ok(a, "pod_whoami")).registered).toBe(false);
    const [ra, rb] = await Promise.all([
      ok(a, "pod_register", { capabilities: "3", metadataUri: "https://a.example/agent.json" }),
      ok(b, "pod_register", {}),
    ]);
    expect(ra.action).toBe("registered");
    expect(ra.confirmation.signature).toBeTruthy();
    expect(rb.action).toBe("registered");

    const who = await ok(a, "pod_whoami");
    expect(who).toMatchObject({ agent: addrA, registered: true });
    const shown = await ok(b, "pod_agent_show", { agent: addrA });
    expect(shown).toMatchObject({ registered: true, account: { agent: addrA, capabilities: "3" } });
    expect(shown.account.metadataUri).toBe("https://a.example/agent.json");

    const updated = await ok(b, "pod_register", { metadataUri: "https://b.example/v2" });
    expect(updated.action).toBe("updated");
    const b2 = await ok(a, "pod_agent_show", { agent: addrB });
    expect(b2.account.metadataUri).toBe("https://b.example/v2");
  });

  it(`${transport} - B reads A's direct message with pod_inbox and verifies it with pod_verify`, async () => {
    // B is already waiting when A sends: the long poll returns as soon as the message lands.
    const reading = ok(b, "pod_inbox", { waitSeconds: 45 });
    await new Promise((r) => setTimeout(r, 1_000));
    const sent = await ok(a, "pod_send", { to: addrB, text: "hello from A" });
    expect(sent.messageId).toBe(sent.receipt.requestKey);
    const inbox = await reading;
    expect(inbox.messages).toHaveLength(1);
    const [m] = inbox.messages;
    expect(m).toMatchObject({ id: sent.messageId, kind: "direct", from: addrA, to: addrB });
    expect(m.text).toBe("hello from A");
    expect(inbox.cursor).toBe(m.cursor);
    firstMessageCursor = m.cursor;

    const verified = await ok(b, "pod_verify", { messageId: m.id });
    expect(verified, JSON.stringify(verified)).toMatchObject({
      verified: true,
      signature: "ok",
      content: "ok",
    });
    expect(["ok", "not-compressed"]).toContain(verified.inclusion);

    // Nothing after the cursor: an immediate, empty answer that keeps the cursor.
    const empty = await ok(b, "pod_inbox", { cursor: m.cursor });
    expect(empty.messages).toEqual([]);
    expect(empty.cursor).toBe(m.cursor);
  });

  it(`${transport} - large content lives in IPFS: pod_inbox resolves it and pod_fetch_content returns it`, async () => {
    // Incompressible and over the inline limit: stored in IPFS, its CID in the record.
    const text = randomBytes(1_500).toString("base64");
    const sent = await ok(a, "pod_send", { to: addrB, text });
    // No cursor: on after the last message this server returned.
    const inbox = await ok(b, "pod_inbox", { waitSeconds: 30 });
    expect(inbox.messages.map((x: Structured) => x.id)).toEqual([sent.messageId]);
    const [m] = inbox.messages;
    expect(m.text).toBe(text);
    expect(m.cid).toMatch(/^b[a-z2-7]+$/);
    const fetched = await ok(b, "pod_fetch_content", { cid: m.cid });
    expect(fetched).toMatchObject({ cid: m.cid, text, size: Buffer.byteLength(text) });
    const verified = await ok(b, "pod_verify", { messageId: m.id });
    expect(verified.verified, JSON.stringify(verified)).toBe(true);

    // Explicit cursors replay: after the first message, and "0" for everything retained.
    const after = await ok(b, "pod_inbox", { cursor: firstMessageCursor });
    expect(after.messages.map((x: Structured) => x.id)).toEqual([sent.messageId]);
    const all = await ok(b, "pod_inbox", { cursor: "0" });
    expect(all.messages.map((x: Structured) => x.cursor)).toEqual([firstMessageCursor, m.cursor]);
  });

  it(`${transport} - channels: create, join, show, post (read by the other member), leave`, async () => {
    const name = `mcp-${transport}-${Date.now().toString(36)}`;
    const created = await ok(a, "pod_channel_create", { name, maxParticipants: 8 });
    expect(created.name).toBe(name);
    const joined = await ok(b, "pod_channel_join", { channel: name });
    expect(joined.channel).toBe(created.channel);

    const shown = await ok(b, "pod_channel_show", { channel: created.channel });
    expect(shown).toMatchObject({ exists: true, member: true });
    // The chain counts joined members; the creator is a member without joining.
    expect(shown.account).toMatchObject({ name, creator: addrA, participantCount: 1 });
    expect((await ok(a, "pod_channel_show", { channel: name })).member).toBe(true);

    const reading = ok(a, "pod_inbox", { waitSeconds: 45, kinds: ["channel"] });
    await new Promise((r) => setTimeout(r, 1_000));
    const posted = await ok(b, "pod_channel_post", { channel: name, text: "hi channel" });
    const inbox = await reading;
    const post = inbox.messages.find((x: Structured) => x.id === posted.messageId);
    expect(post).toMatchObject({ kind: "channel", from: addrB, channel: created.channel });
    expect(post.text).toBe("hi channel");

    await ok(b, "pod_channel_leave", { channel: name });
    const after = await ok(b, "pod_channel_show", { channel: name });
    expect(after.member).toBe(false);
    expect(after.account.participantCount).toBe(0);
  });

  it(`${transport} - the server stops cleanly when its client goes away or on SIGTERM`, async () => {
    const started = Date.now();
    await a.close();
    // Over stdio the server notices the end of its stdin and exits before the SDK's
    // 2 s grace runs out; over HTTP close() sends SIGTERM and waits for the exit.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(alive(a.pid)).toBe(false);
    const logs = a.logs.flatMap((l) => {
      try {
        return [JSON.parse(l) as { msg?: string; why?: string }];
      } catch {
        return []; // not a log line (a runtime warning)
      }
    });
    const stopping = logs.find((l) => l.msg === "stopping");
    expect(stopping?.why).toBe(transport === "stdio" ? "client closed" : "SIGTERM");
    expect(logs.some((l) => l.msg === "stopped")).toBe(true);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
