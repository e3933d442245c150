import { generateKeypair, requestKeyOf, type Keypair, type SignedRequest } from "@pod/protocol";
import { describe, expect, it } from "vitest";
import {
  ACCEPTED_PREFIX,
  ingestForTests,
  messagesOf,
  PIPELINE,
  registerAgents,
  signed,
  submit,
} from "./support.js";

const BURST = 10;
const AGENTS = 4;
const PER_AGENT = 25;
// Small pulls so that both instances get a share of a short burst.
const bed = ingestForTests(
  { INGEST_RATE_PER_SEC: "1", INGEST_RATE_BURST: String(BURST), INGEST_CONCURRENCY: "4" },
  2,
);

async function acceptedCount(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("pod_ingest_accepted"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
}

describe("two ingest instances on one nats-server", () => {
  it("ingest - two instances share the work, accept nothing twice and hold one rate limit per agent", async () => {
    const agents: Keypair[] = Array.from({ length: AGENTS }, () => generateKeypair());
    await registerAgents(bed.client, ...agents);
    const requests: SignedRequest[] = agents.flatMap((agent) =>
      Array.from({ length: PER_AGENT }, (_, i) =>
        signed(agent, "send_direct", {
          to: generateKeypair().address,
          content: { text: `message ${i}` },
          contentType: "text/plain",
        }),
      ),
    );

    const started = Date.now();
    const verdicts = await Promise.all(requests.map((r) => submit(bed.client, r)));
    const elapsedS = (Date.now() - started) / 1000;

    const pipeline = await messagesOf(bed.client, PIPELINE, ACCEPTED_PREFIX);
    const ids = pipeline.map((m) => m.msgId);
    expect(new Set(ids).size).toBe(ids.length);
    const acceptedVerdicts = verdicts.filter((v) => v.status === "accepted");
    expect(acceptedVerdicts.length).toBe(pipeline.length);

    // Per agent: the burst, plus at most what refilled while the test ran, across both.
    for (const agent of agents) {
      const mine = requests.filter((r) => r.agent === agent.address).map(requestKeyOf);
      const accepted = mine.filter((key) => ids.includes(`accepted:${key}`)).length;
      expect(accepted).toBeGreaterThanOrEqual(BURST);
      expect(accepted).toBeLessThanOrEqual(BURST + Math.ceil(elapsedS) + 1);
    }
    const refused = verdicts.filter(
      (v) => v.status === "rejected" && v.rejection.code === "RATE_LIMITED",
    );
    expect(refused.length + acceptedVerdicts.length).toBe(requests.length);

    const perInstance = await Promise.all(bed.services.map((s) => acceptedCount(s.http.url)));
    expect(perInstance.every((n) => n > 0)).toBe(true);
    expect(perInstance.reduce((a, b) => a + b, 0)).toBe(pipeline.length);
  });
});
