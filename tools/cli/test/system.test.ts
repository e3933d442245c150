import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { channelId, SERVICES, toBase58 } from "@pod/protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { publishMalformed } from "./support/dead-letter.js";
import { makeAgent, startStack, type Stack, type TestAgent } from "./support/system.js";

// Every command against the whole system (NATS, the local chain, the six services), started
// once for this file. Tests run in order: later ones read what earlier ones wrote.

// Each step runs a few CLI processes on two shared cores.
vi.setConfig({ testTimeout: 150_000 });

let stack: Stack;
let alice: TestAgent;
let bob: TestAgent;
let carol: TestAgent; // never registered

const ROOM = "cli-room";
const keys: Record<string, string> = {};
let helloTraceId = "";
let blobRequestId = "";
// Random base64 barely compresses: well over the 320-byte inline limit even after brotli.
const LARGE_TEXT = randomBytes(1500).toString("base64");

interface Confirmation {
  receipt: { requestId: string; requestKey: string; traceId: string; seq: number };
  event?: {
    op: string;
    requestKey: string;
    slot: number;
    signature: string;
    registered?: string[];
    record: Record<string, unknown>;
  };
}

beforeAll(async () => {
  stack = await startStack();
  alice = makeAgent(stack, "alice");
  bob = makeAgent(stack, "bob");
  carol = makeAgent(stack, "carol");
}, 180_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe("pod against the running system", () => {
  it("agent register prints the confirmation; --json carries the confirmed event", async () => {
    const [human, json] = await Promise.all([
      alice.pod(["agent", "register", "--metadata-uri", "https://alice.example/agent.json"]),
      bob.pod(["--json", "agent", "register"]),
    ]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^register confirmed$/m);
    expect(human.stdout).toMatch(new RegExp(`^agent\\s+${alice.address}$`, "m"));
    expect(human.stdout).toMatch(/^slot\s+\d+$/m);
    expect(human.stdout).toMatch(/^tx\s+[1-9A-HJ-NP-Za-km-z]{64,88}$/m);

    expect(json.code, json.stderr).toBe(0);
    const doc = json.json<Confirmation & { agent: string }>();
    expect(doc.agent).toBe(bob.address);
    expect(doc.event?.op).toBe("register_agent");
    expect(doc.event?.registered).toEqual([bob.address]);
    expect(doc.event?.requestKey).toBe(doc.receipt.requestKey);
  });

  it("agent show reads the account from the chain; an unknown agent is NOT_FOUND, exit 3", async () => {
    const [mine, bobs, unknown] = await Promise.all([
      alice.pod(["agent", "show"]),
      alice.pod(["--json", "agent", "show", bob.address]),
      alice.pod(["agent", "show", carol.address]),
    ]);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout).toMatch(new RegExp(`^agent\\s+${alice.address}$`, "m"));
    expect(mine.stdout).toMatch(/^metadata uri\s+https:\/\/alice\.example\/agent\.json$/m);

    expect(bobs.code, bobs.stderr).toBe(0);
    const doc = bobs.json<{ agent: string; account: Record<string, unknown> }>();
    expect(doc.agent).toBe(bob.address);
    expect(doc.account).toMatchObject({ agent: bob.address, capabilities: "0", metadataUri: "" });

    expect(unknown.code).toBe(3);
    expect(unknown.stderr.trim()).toBe(`error NOT_FOUND: agent ${carol.address} is not registered`);
  });

  it("agent update changes capabilities on chain", async () => {
    const update = await alice.pod(["--json", "agent", "update", "--capabilities", "5"]);
    expect(update.code, update.stderr).toBe(0);
    expect(update.json<Confirmation>().event?.op).toBe("update_agent");
    const show = await alice.pod(["--json", "agent", "show"]);
    expect(show.json<{ account: { capabilities: string } }>().account.capabilities).toBe("5");
  });

  it("send: text, a binary @file with --content-type, and --no-wait's bare receipt", async () => {
    const file = join(alice.home, "blob.bin");
    const blob = Buffer.from([0, 1, 2, 3, 254, 255]);
    writeFileSync(file, blob);
    const [text, bytes, quick, large] = await Promise.all([
      alice.pod(["send", bob.address, "hello bob"]),
      alice.pod([
        "--json",
        "send",
        bob.address,
        `@${file}`,
        "--content-type",
        "application/x-test",
      ]),
      alice.pod(["--json", "--no-wait", "send", bob.address, "quick one"]),
      alice.pod(["--json", "send", bob.address, LARGE_TEXT]),
    ]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^send confirmed$/m);
    expect(text.stdout).toMatch(new RegExp(`^to\\s+${bob.address}$`, "m"));
    keys.hello = /^message id\s+(\S+)$/m.exec(text.stdout)![1]!;
    helloTraceId = /^trace\s+([0-9a-f]{32})$/m.exec(text.stdout)![1]!;
    expect(text.stdout).toMatch(new RegExp(`^request\\s+${keys.hello}$`, "m"));

    expect(bytes.code, bytes.stderr).toBe(0);
    const doc = bytes.json<Confirmation>();
    expect(doc.event?.op).toBe("send_direct");
    expect(doc.event?.record).toMatchObject({
      sender: alice.address,
      recipient: bob.address,
      contentType: "application/x-test",
      contentKind: "bytes",
    });
    keys.blob = doc.receipt.requestKey;
    blobRequestId = doc.receipt.requestId;

    expect(quick.code, quick.stderr).toBe(0);
    const receiptOnly = quick.json<Confirmation>();
    expect(receiptOnly.receipt.requestKey).toMatch(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/);
    expect(receiptOnly.event).toBeUndefined();

    // Over the inline limit: the content goes to IPFS and the record carries its CID.
    expect(large.code, large.stderr).toBe(0);
    const big = large.json<Confirmation>();
    expect(big.event?.record.cid).toMatch(/^b[a-z2-7]+$/);
    keys.large = big.receipt.requestKey;
  });

  it("a request from an unregistered agent is rejected: UNKNOWN_AGENT, exit 4", async () => {
    const run = await carol.pod(["send", alice.address, "let me in"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error UNKNOWN_AGENT: /);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("channel create, join by name, post by id, show; an unknown channel is exit 3", async () => {
    const id = channelId(ROOM);
    const create = await alice.pod(["channel", "create", ROOM, "--max", "5"]);
    expect(create.code, create.stderr).toBe(0);
    expect(create.stdout).toMatch(/^create confirmed$/m);
    expect(create.stdout).toMatch(new RegExp(`^id\\s+${id}$`, "m"));

    const join = await bob.pod(["--json", "channel", "join", ROOM]);
    expect(join.code, join.stderr).toBe(0);
    expect(join.json<Confirmation>().event?.op).toBe("join_channel");

    const post = await bob.pod(["--json", "channel", "post", id, "hi room"]);
    expect(post.code, post.stderr).toBe(0);
    const posted = post.json<Confirmation>();
    expect(posted.event?.op).toBe("post_channel");
    expect(posted.event?.record).toMatchObject({ channel: id, sender: bob.address });
    keys.post = posted.receipt.requestKey;

    const [human, json, unknown] = await Promise.all([
      bob.pod(["channel", "show", ROOM]),
      bob.pod(["--json", "channel", "show", id]),
      bob.pod(["channel", "show", "no-such-room"]),
    ]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^channel\\s+${ROOM}$`, "m"));
    expect(human.stdout).toMatch(/^max participants\s+5$/m);
    expect(human.stdout).toMatch(new RegExp(`^creator\\s+${alice.address}$`, "m"));
    expect(json.json<{ id: string; account: Record<string, unknown> }>()).toMatchObject({
      id,
      account: { name: ROOM, maxParticipants: 5, creator: alice.address, visibility: "public" },
    });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^error NOT_FOUND: channel no-such-room does not exist/);
  });

  it("inbox shows delivered messages with their content, then resumes after the saved cursor", async () => {
    const [first, nowhere] = await Promise.all([
      bob.pod(["--json", "inbox", "--idle", "1s"]),
      carol.pod(["inbox", "--subscription-url", "http://127.0.0.1:1"]),
    ]);
    expect(nowhere.code).toBe(7);
    expect(nowhere.stderr).toMatch(/^error UNREACHABLE: /);
    expect(first.code, first.stderr).toBe(0);
    const messages = first.lines<{
      id: string;
      kind: string;
      from: string;
      content?: { text?: string; bytes?: string };
      cursor: string;
    }>();
    const hello = messages.find((m) => m.id === keys.hello);
    expect(hello).toMatchObject({
      kind: "direct",
      from: alice.address,
      content: { text: "hello bob" },
    });
    const blob = messages.find((m) => m.id === keys.blob);
    expect(blob?.content?.bytes).toBe(Buffer.from([0, 1, 2, 3, 254, 255]).toString("base64"));
    expect(messages.find((m) => m.id === keys.post)).toMatchObject({
      kind: "channel",
      channel: channelId(ROOM),
    });

    const again = await bob.pod(["--json", "inbox", "--idle", "1s"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.lines()).toEqual([]);

    const later = await alice.pod(["--json", "send", bob.address, "after the cursor"]);
    keys.later = later.json<Confirmation>().receipt.requestKey;
    const human = await bob.pod(["inbox", "--idle", "1s"]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain("after the cursor");
    expect(human.stdout).not.toContain("hello bob");
    expect(human.stdout).toMatch(new RegExp(`id ${keys.later}\\s+cursor \\d+`));
    expect(human.stdout).toMatch(/^1 message\(s\)$/m);

    // --cursor 0 reads from the start again; --channel narrows to the room's posts.
    const room = await alice.pod([
      "--json",
      "inbox",
      "--idle",
      "1s",
      "--cursor",
      "0",
      "--channel",
      ROOM,
    ]);
    const posts = room.lines<{ id: string; kind: string }>();
    expect(posts.map((m) => m.id)).toEqual([keys.post]);
  });

  it("inbox --follow tails live messages as JSON lines until Ctrl-C", async () => {
    const follow = bob.pod(["--json", "inbox", "--follow"], {
      interruptAfterLines: 1,
      timeoutMs: 90_000,
    });
    const sent = await alice.pod(["--json", "send", bob.address, "live one"]);
    expect(sent.code, sent.stderr).toBe(0);
    const run = await follow;
    expect(run.code, run.stderr).toBe(0);
    const [line] = run.lines<{ id: string; content: { text: string } }>();
    expect(line).toMatchObject({
      id: sent.json<Confirmation>().receipt.requestKey,
      content: { text: "live one" },
    });
  });

  it("verify checks signature, content and inclusion; an unknown message is exit 3", async () => {
    const unknownKey = toBase58(new Uint8Array(32).fill(7));
    const [human, json, unknown, large] = await Promise.all([
      carol.pod(["verify", keys.hello!]),
      carol.pod(["--json", "verify", keys.post!]),
      carol.pod(["verify", unknownKey]),
      carol.pod(["--json", "verify", keys.large!]),
    ]);
    expect(large.code, large.stderr).toBe(0);
    expect(large.json()).toMatchObject({
      ok: true,
      storage: "compressed",
      checks: { signature: { ok: true }, content: { ok: true }, inclusion: { status: "ok" } },
      proof: { source: expect.stringMatching(/^(subscription|chain)$/) },
    });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^signature\s+ok$/m);
    expect(human.stdout).toMatch(/^content\s+ok$/m);
    expect(human.stdout).toMatch(/^inclusion\s+ok /m);
    expect(human.stdout).toMatch(/^verified$/m);

    expect(json.code, json.stderr).toBe(0);
    expect(json.json()).toMatchObject({
      message: keys.post,
      ok: true,
      sender: bob.address,
      channel: channelId(ROOM),
      checks: {
        signature: { ok: true },
        content: { ok: true },
        inclusion: { ok: true, status: "ok" },
      },
    });

    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^error NOT_FOUND: /);
  });

  it("dlq list shows a real dead letter; replay republishes it with a fresh id and removes it", async () => {
    const marker = `m${Date.now()}`;
    await publishMalformed(stack.natsUrl, marker);
    type Listed = {
      total: number;
      entries: { seq: number; msgId?: string; code: string; subject: string; service: string }[];
    };
    const waitFor = async (msgId: string) => {
      for (let i = 0; i < 30; i++) {
        const list = await alice.pod(["--json", "dlq", "list", "--service", "compression"]);
        const found = list.json<Listed>().entries.find((e) => e.msgId === msgId);
        if (found) return { found, list: list.json<Listed>() };
        await new Promise((r) => setTimeout(r, 1_000));
      }
      throw new Error(`no dead letter with msg id ${msgId}`);
    };
    const { found } = await waitFor(`cli-test:${marker}`);
    expect(found).toMatchObject({
      service: "compression",
      subject: "pod.pipeline.accepted.send_direct",
      code: "ACCEPTED_PAYLOAD_INVALID",
    });

    const human = await alice.pod(["dlq", "list", "--limit", "5"]);
    expect(human.stdout).toMatch(
      new RegExp(
        `^${found.seq}\\s+compression\\s+ACCEPTED_PAYLOAD_INVALID\\s+pod\\.pipeline\\.accepted\\.send_direct\\s+1\\s`,
        "m",
      ),
    );

    const replay = await alice.pod(["--json", "dlq", "replay", String(found.seq)]);
    expect(replay.code, replay.stderr).toBe(0);
    const replayId = `cli-test:${marker}:replay:${found.seq}`;
    expect(replay.json()).toEqual({
      replayed: [
        {
          seq: found.seq,
          subject: "pod.pipeline.accepted.send_direct",
          msgId: replayId,
          stream: "POD_PIPELINE",
          streamSeq: expect.any(Number),
          duplicate: false,
        },
      ],
    });
    // Compression consumed the replay (and, the bytes being as bad as before, parked it again).
    const { found: again, list } = await waitFor(replayId);
    expect(again.seq).toBeGreaterThan(found.seq);
    expect(list.entries.some((e) => e.seq === found.seq)).toBe(false);

    const missing = await alice.pod(["dlq", "replay", String(found.seq)]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(
      new RegExp(`^error NOT_FOUND: no dead letter with sequence ${found.seq}`),
    );

    const all = await alice.pod(["dlq", "replay", "--all", "--service", "compression"]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(
      new RegExp(`^replayed ${again.seq} -> pod\\.pipeline\\.accepted\\.send_direct `, "m"),
    );
  });

  it("status shows every service ready, consumer backlogs and the chain; a dead service is exit 9", async () => {
    const [human, json, degraded] = await Promise.all([
      alice.pod(["status"]),
      alice.pod(["--json", "status"]),
      alice.pod(["--json", "--service-url", "metrics=http://127.0.0.1:1", "status"]),
    ]);
    expect(human.code, human.stderr).toBe(0);
    for (const s of SERVICES) {
      expect(human.stdout).toMatch(new RegExp(`^${s}\\s+ok\\s+ready\\s`, "m"));
    }
    expect(human.stdout).toMatch(/^tx-bundler\s+POD_PIPELINE\s+\d+\s+\d+\s+\d+$/m);
    expect(human.stdout).toMatch(/^chain ok http:\/\/127\.0\.0\.1:\d+ slot \d+$/m);

    const report = json.json<{
      healthy: boolean;
      consumers: { durable: string; stream: string; numPending: number; numAckPending: number }[];
      chain: { ok: boolean; slot: number };
    }>();
    expect(report.healthy).toBe(true);
    expect(report.consumers.find((c) => c.durable === "ingest")).toMatchObject({
      stream: "POD_REQUESTS",
      numPending: expect.any(Number),
      numAckPending: expect.any(Number),
    });
    expect(report.chain.ok).toBe(true);

    expect(degraded.code).toBe(9);
    const services = degraded.json<{ services: { service: string; ready: boolean }[] }>().services;
    expect(services.filter((s) => !s.ready).map((s) => s.service)).toEqual(["metrics"]);
  });

  it("trace renders a request's spans across the services (by trace id and by message id)", async () => {
    const [json, human, byRequestId] = await Promise.all([
      alice.pod(["--json", "trace", helloTraceId]),
      alice.pod(["trace", keys.hello!]),
      alice.pod(["--json", "trace", blobRequestId]),
    ]);
    expect(byRequestId.code, byRequestId.stderr).toBe(0);
    expect(byRequestId.json()).toMatchObject({ requestKey: keys.blob });
    expect(json.code, json.stderr).toBe(0);
    const doc = json.json<{ traceId: string; spans: unknown[] }>();
    expect(doc.traceId).toBe(helloTraceId);
    expect(doc.spans.length).toBeGreaterThan(3);
    const text = JSON.stringify(doc.spans);
    for (const service of ["ingest", "compression", "tx-bundler"]) expect(text).toContain(service);

    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(helloTraceId);
    expect(human.stdout).toMatch(/tx-bundler\s.*confirm/);
  });

  it("top prints the metrics summary: one JSON document per frame, or the rendered view", async () => {
    const [json, human] = await Promise.all([
      alice.pod(["--json", "top", "-n", "2", "--interval", "200ms"]),
      alice.pod(["top", "-n", "1"]),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const frames = json.lines<{ generatedAt: number }>();
    expect(frames).toHaveLength(2);
    expect(frames[1]!.generatedAt).toBeGreaterThanOrEqual(frames[0]!.generatedAt);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^THROUGHPUT/m);
  });

  it("channel leave is confirmed", async () => {
    const leave = await bob.pod(["--json", "channel", "leave", ROOM]);
    expect(leave.code, leave.stderr).toBe(0);
    expect(leave.json<Confirmation>().event?.op).toBe("leave_channel");
  });
});
