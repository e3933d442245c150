import { readFile } from "node:fs/promises";
import type { Bus } from "@pod/bus";
import { generateKeypair, parseKeypairFile, type Keypair } from "@pod/protocol";
import type { PodClient } from "@pod/sdk";
import type { Command } from "commander";
import { resolveConfig, type Config, type GlobalFlags } from "./config.js";
import { CliError, EXIT, unreachable } from "./errors.js";
import { Output } from "./output.js";

/**
 * What every command gets: the resolved configuration, the output, and connections opened on
 * first use and closed once by main (so a command never leaks a socket that keeps the process
 * alive).
 */
export class Context {
  /** Every context made in this process, closed by main before it exits. */
  private static readonly open = new Set<Context>();
  readonly config: Config;
  readonly out: Output;
  private bus: Promise<Bus> | undefined;
  private client: Promise<PodClient> | undefined;
  private readonly cleanups: (() => Promise<unknown>)[] = [];

  constructor(flags: GlobalFlags) {
    this.config = resolveConfig(flags);
    this.out = new Output({
      json: this.config.json,
      color: flags.color === false ? false : undefined,
    });
    Context.open.add(this);
  }

  static async closeAll(): Promise<void> {
    for (const ctx of [...Context.open]) await ctx.close();
  }

  /** The context of the command being run, from its own and the global options. */
  static of(command: Command): Context {
    return new Context(command.optsWithGlobals<GlobalFlags>());
  }

  /** The agent's keypair from --keypair / POD_KEYPAIR / ~/.config/pod/id.json. */
  async keypair(): Promise<Keypair> {
    const path = this.config.keypairPath;
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") {
        throw new CliError(
          "KEYPAIR_MISSING",
          `no keypair at ${path} (run \`pod keygen\` or pass --keypair)`,
          EXIT.keypair,
        );
      }
      throw new CliError("KEYPAIR_FILE", `${path}: ${(error as Error).message}`, EXIT.keypair);
    }
    try {
      return parseKeypairFile(text);
    } catch (error) {
      throw new CliError("KEYPAIR_FILE", `${path}: ${(error as Error).message}`, EXIT.keypair);
    }
  }

  /** The agent's keypair, or a throwaway one for commands that only read. */
  async readerKeypair(): Promise<Keypair> {
    try {
      return await this.keypair();
    } catch (error) {
      if ((error as { code?: string }).code === "KEYPAIR_MISSING") return generateKeypair();
      throw error;
    }
  }

  /** A PodClient signing with the agent's key (or a throwaway key for readers). */
  podClient(opts: { reader?: boolean } = {}): Promise<PodClient> {
    this.client ??= (async () => {
      const keypair = opts.reader ? await this.readerKeypair() : await this.keypair();
      // Loaded on first use: the SDK costs seconds of start-up that keygen and --help skip.
      const { PodClient } = await import("@pod/sdk");
      const client = await this.withNatsErrors(() =>
        PodClient.connect({
          natsUrl: this.config.natsUrl.split(","),
          keypair,
          rpcUrl: this.config.rpcUrl,
          name: `pod-cli:${keypair.address.slice(0, 8)}`,
          verdictTimeoutMs: this.config.timeoutMs,
          confirmTimeoutMs: this.config.timeoutMs,
        }),
      );
      this.cleanups.push(() => client.close());
      return client;
    })();
    return this.client;
  }

  /** A plain bus connection (dlq, status, trace): no keypair needed. */
  natsBus(): Promise<Bus> {
    this.bus ??= (async () => {
      const { connectBus } = await import("@pod/bus");
      const bus = await this.withNatsErrors(() =>
        connectBus({
          servers: this.config.natsUrl.split(","),
          name: "pod-cli",
          // A CLI gives up instead of reconnecting forever: the user sees the error now.
          nats: { maxReconnectAttempts: 0, timeout: Math.min(this.config.timeoutMs, 5_000) },
        }),
      );
      this.cleanups.push(() => bus.close());
      return bus;
    })();
    return this.bus;
  }

  /** Runs `fn` on close (subscriptions, timers). */
  onClose(fn: () => Promise<unknown>): void {
    this.cleanups.push(fn);
  }

  async close(): Promise<void> {
    Context.open.delete(this);
    for (const fn of this.cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  }

  private async withNatsErrors<T>(connect: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(connect(), Math.min(this.config.timeoutMs, 10_000), "NATS connect");
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "BUS_NOT_CONNECTED" || code === "TIMEOUT") {
        // The bus's message repeats the URL; the socket error under it is the news.
        throw unreachable(`NATS at ${this.config.natsUrl}`, (error as Error).cause ?? error);
      }
      throw error;
    }
  }
}

/** Rejects with a TIMEOUT CliError when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CliError("TIMEOUT", `${what} took longer than ${ms} ms`, EXIT.timeout)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
