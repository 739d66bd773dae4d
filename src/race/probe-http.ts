import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP readiness attempt: `GET url` must answer 2xx. Redirects are not
 * followed — a health endpoint that redirects is misconfigured, and following
 * one could probe another service — so a 3xx is a failure like a 4xx or 5xx.
 * The agent is disabled so no keep-alive socket outlives the attempt.
 */
export function probeHttp(url: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      reject(new Error(`invalid URL ${url}`));
      return;
    }
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      reject(new Error(`unsupported protocol ${target.protocol} in ${url}`));
      return;
    }
    const req = request(target, {
      method: 'GET',
      agent: false,
      headers: { connection: 'close' },
      // Dev servers use self-signed certificates; readiness is not a trust decision.
      rejectUnauthorized: false,
    });
    let settled = false;
    const finish = (error?: unknown, response?: IncomingMessage): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req.on('error', () => {});
      response?.on('error', () => {});
      // Drop the body: only the status matters, and a socket left half-read would leak.
      response?.destroy();
      req.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => finish(signal.reason);
    req.once('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        finish(undefined, response);
        return;
      }
      const location = response.headers.location;
      const text = `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
      finish(new Error(location ? `${text} (redirect to ${location}, not followed)` : text), response);
    });
    req.once('error', (error: NodeJS.ErrnoException) =>
      finish(new Error(`GET ${url} failed: ${error.code ?? error.message}`)),
    );
    signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });
}
