import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { LedgerIoError } from "../errors.js";

// Frame: u32 payload length, u32 crc32 of the payload, payload. A torn or corrupt tail (a
// crash mid-write) is detected by length or checksum and cut off at the last whole frame.
const HEADER = 8;

export interface RecoveredLog {
  frames: Buffer[];
  /** Bytes cut off the tail because they did not form a whole, valid frame. */
  discarded: number;
}

/** Reads every whole frame of the log at `path` and truncates a torn tail, durably. */
export function recoverLog(path: string): RecoveredLog {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return { frames: [], discarded: 0 };
    throw new LedgerIoError(path, "read", cause);
  }
  const frames: Buffer[] = [];
  let offset = 0;
  while (offset + HEADER <= bytes.length) {
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const end = offset + HEADER + length;
    if (end > bytes.length) break;
    const payload = bytes.subarray(offset + HEADER, end);
    if (crc32(payload) !== checksum) break;
    frames.push(payload);
    offset = end;
  }
  const discarded = bytes.length - offset;
  if (discarded > 0) {
    try {
      const fd = openSync(path, "r+");
      ftruncateSync(fd, offset);
      fsyncSync(fd);
      closeSync(fd);
    } catch (cause) {
      throw new LedgerIoError(path, "truncate", cause);
    }
  }
  return { frames, discarded };
}

/** Frames one payload for the log. */
export function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/** Writes frames to a new file and fsyncs it (used for compaction). */
export function writeLogSync(path: string, payloads: Buffer[]): void {
  try {
    const fd = openSync(path, "w");
    for (const p of payloads) writeSync(fd, frame(p));
    fsyncSync(fd);
    closeSync(fd);
  } catch (cause) {
    throw new LedgerIoError(path, "write", cause);
  }
}

/**
 * An append-only log with group commit: appends that arrive while a flush is running are
 * written and fsynced together by the next one, and each promise resolves only once its
 * bytes are on disk.
 */
export class AppendLog {
  private pending: Array<{ bytes: Buffer; done: () => void; fail: (e: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;
  private failed: unknown = null;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<AppendLog> {
    try {
      return new AppendLog(path, await open(path, "a"));
    } catch (cause) {
      throw new LedgerIoError(path, "open", cause);
    }
  }

  /** Resolves once the payload is durable (written and fsynced). */
  append(payload: Buffer): Promise<void> {
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise((done, fail) => {
      this.pending.push({ bytes: frame(payload), done, fail });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Waits for everything appended so far to be durable. */
  async sync(): Promise<void> {
    this.flushing ??= this.flushLoop();
    await this.flushing;
  }

  async close(): Promise<void> {
    await this.sync();
    await this.handle.close();
  }

  // A write may take fewer bytes than given; the rest must follow before the fsync.
  private async writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.writeAll(Buffer.concat(batch.map((p) => p.bytes)));
          await this.handle.datasync();
        } catch (cause) {
          // Once a write failed the file's tail is unknown: refuse everything after it.
          this.failed = new LedgerIoError(this.path, "append", cause);
          for (const p of [...batch, ...this.pending]) p.fail(this.failed);
          this.pending = [];
          return;
        }
        for (const p of batch) p.done();
      }
    } finally {
      this.flushing = null;
    }
  }
}
