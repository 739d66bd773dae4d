/**
 * The control plane of a running `dev up`: a small HTTP API on 127.0.0.1
 * with a per-stack bearer token (in `.netra/control.token`, mode 0600),
 * found through the `controlPort` of `.netra/lock`. `dev status`, `dev down`
 * and `dev restart` talk to it instead of signalling pids blindly.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/fs.js';
import { errorMessage } from '../shared/errors.js';

export const CONTROL_TOKEN_FILE = 'control.token';

export interface ControlHandlers {
  status(tailLines: number): unknown;
  down(): void;
  /** Rejects with a message for an unknown service. */
  restart(service: string): Promise<void>;
}

export interface ControlServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startControlServer(stateDir: string, handlers: ControlHandlers): Promise<ControlServer> {
  const token = randomBytes(32).toString('hex');
  const tokenPath = join(stateDir, CONTROL_TOKEN_FILE);
  await writeFileAtomic(tokenPath, token, { mode: 0o600 });
  const expected = Buffer.from(`Bearer ${token}`);
  const server: Server = createServer((request, response) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return send(response, 401, { error: 'missing or wrong control token' });
    }
    route(request, response, handlers).catch((error: unknown) => send(response, 500, { error: errorMessage(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(tokenPath, { force: true });
    },
  };
}

async function route(request: IncomingMessage, response: ServerResponse, handlers: ControlHandlers): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/v1/status') {
    const lines = Number(url.searchParams.get('lines') ?? 0);
    return send(response, 200, handlers.status(Number.isFinite(lines) ? Math.max(0, Math.min(lines, 1000)) : 0));
  }
  if (request.method === 'POST' && url.pathname === '/v1/down') {
    send(response, 202, { stopping: true });
    handlers.down();
    return;
  }
  const restart = /^\/v1\/services\/([^/]+)\/restart$/.exec(url.pathname);
  if (request.method === 'POST' && restart) {
    try {
      await handlers.restart(decodeURIComponent(restart[1]!));
      return send(response, 200, { restarted: true });
    } catch (error) {
      return send(response, 404, { error: errorMessage(error) });
    }
  }
  send(response, 404, { error: `no route ${request.method} ${url.pathname}` });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
