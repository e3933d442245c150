import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Where results go. Human output is short aligned text, colored only on a TTY; with --json
 * every command prints one JSON document (or one JSON line per item for streams) and nothing
 * else on stdout. Progress goes to stderr, and only on a TTY.
 */
export class Output {
  readonly color: Colors;
  readonly json: boolean;
  private readonly stdout: NodeJS.WriteStream;
  private readonly stderr: NodeJS.WriteStream;

  constructor(opts: {
    json: boolean;
    stdout?: NodeJS.WriteStream;
    stderr?: NodeJS.WriteStream;
    color?: boolean;
  }) {
    this.json = opts.json;
    this.stdout = opts.stdout ?? process.stdout;
    this.stderr = opts.stderr ?? process.stderr;
    const wantColor =
      opts.color ?? (this.stdout.isTTY === true && !process.env.NO_COLOR && !opts.json);
    this.color = pc.createColors(wantColor);
  }

  get isTTY(): boolean {
    return this.stdout.isTTY === true;
  }

  get width(): number {
    return this.stdout.columns ?? 100;
  }

  /** One JSON document (or one JSON line of a stream). */
  data(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  line(text = ""): void {
    this.stdout.write(`${text}\n`);
  }

  /** Aligned `key  value` lines; undefined values are left out. */
  fields(rows: [string, string | number | boolean | undefined][]): void {
    const shown = rows.filter((r): r is [string, string | number | boolean] => r[1] !== undefined);
    const width = Math.max(0, ...shown.map(([k]) => k.length));
    for (const [key, value] of shown) this.line(`${this.color.dim(key.padEnd(width))}  ${value}`);
  }

  /** A plain aligned table: a dim header and padded columns (the last one unpadded). */
  table(header: string[], rows: string[][]): void {
    const widths = header.map((h, i) =>
      Math.max(visible(h).length, ...rows.map((r) => visible(r[i] ?? "").length)),
    );
    const render = (cells: string[]) =>
      cells
        .map((c, i) =>
          i === cells.length - 1 ? c : c + " ".repeat(widths[i]! - visible(c).length),
        )
        .join("  ")
        .trimEnd();
    this.line(this.color.dim(render(header)));
    for (const row of rows) this.line(render(row));
  }

  /** A spinner on stderr while `work` runs, on a TTY and without --json; else nothing. */
  async progress<T>(text: string, work: () => Promise<T>): Promise<T> {
    if (this.json || this.stderr.isTTY !== true) return work();
    const { default: ora } = await import("ora");
    const spinner = ora({ text, stream: this.stderr }).start();
    try {
      const result = await work();
      spinner.stop();
      return result;
    } catch (error) {
      spinner.stop();
      throw error;
    }
  }

  /** The one line of a failure, on stderr. */
  error(code: string, message: string): void {
    this.stderr.write(`${this.color.red("error")} ${code}: ${message}\n`);
  }

  warn(message: string): void {
    if (!this.json) this.stderr.write(`${this.color.yellow("warn")} ${message}\n`);
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
function visible(text: string): string {
  return text.replace(ANSI, "");
}

/** `abcd…wxyz` for long base58 keys in narrow human output. */
export function short(id: string, keep = 8): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-4)}`;
}

export function ago(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}
