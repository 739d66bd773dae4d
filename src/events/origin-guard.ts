/**
 * Host and Origin checks made before any upgrade or HTTP publish (EVENTS.md
 * "Transport"): the Host must be loopback (stops DNS rebinding) and the Origin
 * absent, loopback on any port, or one of the configured UI origins.
 */
import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The host part of a Host header value (`[::1]:8080` → `[::1]`), lowercased. */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

export interface GuardOptions {
  /** Extra Host names accepted, e.g. the configured bind address when it is not loopback. */
  allowedHosts: readonly string[];
  /** Extra exact origins (`https://chat.example.test`). */
  allowedOrigins: readonly string[];
}

export type GuardVerdict = { ok: true } | { ok: false; message: string };

export function checkHostAndOrigin(headers: IncomingHttpHeaders, options: GuardOptions): GuardVerdict {
  const host = headers.host;
  if (host === undefined) return { ok: false, message: 'Host header missing' };
  const hostname = hostnameOf(host);
  if (!LOOPBACK_HOSTS.has(hostname) && !options.allowedHosts.includes(hostname)) {
    return { ok: false, message: `Host ${hostname} is not allowed` };
  }
  const origin = headers.origin;
  if (origin === undefined || isAllowedOrigin(origin, options.allowedOrigins)) return { ok: true };
  return { ok: false, message: `Origin ${origin} is not allowed` };
}

export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) return true;
  return allowed.some((entry) => {
    try {
      return new URL(entry).origin === url.origin;
    } catch {
      return false;
    }
  });
}
