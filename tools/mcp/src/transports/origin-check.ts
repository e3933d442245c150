import type { IncomingMessage } from "node:http";

/**
 * DNS rebinding protection: a web page on another site must not reach this server through a
 * hostname that resolves to 127.0.0.1. The Host header's hostname (any port) must be one we
 * serve under, and a browser's Origin, when present, must be one we were told to trust or a
 * page from those same hostnames.
 */

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.");
}

/** Hostnames accepted in Host when bound to `bindHost`, plus the ones configured. */
export function allowedHostnames(bindHost: string, extra: string[]): string[] {
  const bound = bindHost.includes(":") && !bindHost.startsWith("[") ? `[${bindHost}]` : bindHost;
  const base = isLoopback(bindHost) ? LOOPBACK_HOSTS : [bound];
  return [...new Set([...base, ...extra.map((h) => h.toLowerCase())])];
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Why the request is refused, or undefined when its Host and Origin are acceptable. */
export function refusal(
  req: IncomingMessage,
  hostnames: string[],
  origins: string[],
): string | undefined {
  const host = req.headers.host;
  if (!host) return "missing Host header";
  const hostname = hostnameOf(host);
  if (!hostname || !hostnames.includes(hostname)) return `Host ${host} is not served here`;
  const origin = req.headers.origin;
  if (origin === undefined) return undefined; // not a browser: nothing to rebind
  if (origins.includes(origin)) return undefined;
  let originHost: string | undefined;
  try {
    const url = new URL(origin);
    originHost = url.protocol === "http:" || url.protocol === "https:" ? url.hostname : undefined;
  } catch {
    originHost = undefined;
  }
  if (originHost && hostnames.includes(originHost.toLowerCase())) return undefined;
  return `Origin ${origin} is not allowed`;
}
