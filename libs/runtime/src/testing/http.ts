/** GETs `url` and returns status and body (JSON-parsed when it is JSON). */
export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** Polls `url` until it answers `status`; rejects after `timeoutMs` with the last answer. */
export async function waitForStatus(url: string, status: number, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const answer = await getJson(url);
      if (answer.status === status) return answer;
      last = answer;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(
    `${url} did not answer ${status} in ${timeoutMs} ms; last: ${JSON.stringify(last)}`,
  );
}
