import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Where `pod inbox` left off, per agent and subscription service: the cursor of the last
 * message it printed. Written atomically (temp file + rename) after every message, so an
 * interrupted inbox resumes exactly after what it showed.
 */
export class InboxState {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, "inbox-cursors.json");
  }

  static keyOf(agent: string, subscriptionUrl: string): string {
    return `${agent}@${subscriptionUrl}`;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.readAll())[key]?.cursor;
  }

  async set(key: string, cursor: string): Promise<void> {
    const all = await this.readAll();
    all[key] = { cursor, at: Date.now() };
    await mkdir(join(this.path, ".."), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
  }

  private async readAll(): Promise<Record<string, { cursor: string; at: number }>> {
    try {
      const parsed = JSON.parse(await readFile(this.path, "utf8")) as unknown;
      return parsed && typeof parsed === "object" ? (parsed as never) : {};
    } catch {
      // Missing or damaged: start over rather than refuse to show the inbox.
      return {};
    }
  }
}
