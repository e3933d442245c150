import { readFile } from "node:fs/promises";
import { MAX_CONTENT_BYTES } from "@pod/protocol";
import { CliError, EXIT, usageError } from "./errors.js";

/** Message content from the command line: text, or `@path` (`@-` is stdin). */
export type MessageInput =
  { text: string; contentType: string } | { bytes: Uint8Array; contentType: string };

/**
 * `hello` is text; `@notes.md` is the file's bytes, sent as text when they are UTF-8 without
 * control characters (other than tab and newlines), else as bytes. `--content-type` wins over
 * the guessed type (text/plain or application/octet-stream).
 */
export async function readMessage(arg: string, contentType?: string): Promise<MessageInput> {
  if (!arg.startsWith("@") || arg === "@") {
    if (arg.length === 0) throw usageError("message text is empty");
    return { text: arg, contentType: contentType ?? "text/plain" };
  }
  const path = arg.slice(1);
  const bytes = path === "-" ? await readStdin() : await readPath(path);
  if (bytes.byteLength > MAX_CONTENT_BYTES) {
    throw usageError(
      `${path} is ${bytes.byteLength} bytes, over the ${MAX_CONTENT_BYTES}-byte limit`,
    );
  }
  const text = asText(bytes);
  if (text !== undefined) return { text, contentType: contentType ?? "text/plain" };
  return { bytes, contentType: contentType ?? "application/octet-stream" };
}

async function readPath(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CliError("FILE_UNREADABLE", `${path}: ${(error as Error).message}`, EXIT.usage, {
      cause: error,
    });
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function asText(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (text.length === 0 || /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) return undefined;
  return text;
}
