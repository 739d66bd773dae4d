import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// allocatePort: a port nobody listens on (bound, read, closed).
import { allocatePort, waitForReady } from '../../../src/race/index.js';
import { isProcessAlive } from '../../../src/shared/proc-info.js';

const hangFixture = fileURLToPath(new URL('../../fixtures/race/hang.mjs', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'netra-ready-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
});

async function listen(server: Server | HttpServer): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once every socket the server accepted has been closed by the peer. */
function trackSockets(server: Server | HttpServer): { accepted: () => number; allClosed: () => Promise<void> } {
  const open = new Set<Socket>();
  let accepted = 0;
  let waiter: (() => void) | undefined;
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      if (open.size === 0) waiter?.();
    });
  });
  return {
    accepted: () => accepted,
    allClosed: () => (open.size === 0 ? Promise.resolve() : new Promise((resolve) => (waiter = resolve))),
  };
}

/** Pids the hang fixture recorded in the test's temp dir. */
async function recordedPids(): Promise<number[]> {
  return (await readdir(dir)).filter((name) => /^\d+$/.test(name)).map(Number);
}

/** For waits expected to fail: short, they run to the end. */
const fast = { timeout: 800, interval: 20 };
/** For waits expected to pass: they return as soon as they do. */
const generous = { timeout: 20_000, interval: 20 };

describe('tcp probe', () => {
  it('passes when something listens', async () => {
    const port = await listen(createServer());
    expect(await waitForReady({ kind: 'tcp', host: '127.0.0.1', port }, generous)).toMatchObject({ ok: true, attempts: 1 });
  });

  it('times out on a refused port with the error', async () => {
    const port = await allocatePort();
    const result = await waitForReady({ kind: 'tcp', host: '127.0.0.1', port }, fast);
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    if (!result.ok) expect(result.lastError).toContain('ECONNREFUSED');
    expect(result.attempts).toBeGreaterThan(1);
  });

  it('passes once a late listener comes up', async () => {
    const port = await allocatePort();
    const server = createServer();
    const wait = waitForReady({ kind: 'tcp', host: '127.0.0.1', port }, { timeout: 10_000, interval: 20 });
    // Listens only after the wait began: the probe must keep trying.
    setTimeout(() => server.listen(port, '127.0.0.1'), 100);
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    expect((await wait).ok).toBe(true);
  });
});

describe('http probe', () => {
  function httpServer(handler: (res: ServerResponse, count: number) => void): HttpServer {
    let count = 0;
    return createHttpServer((_req, res) => handler(res, ++count));
  }

  it('passes on 2xx', async () => {
    const port = await listen(httpServer((res) => res.writeHead(204).end()));
    const result = await waitForReady({ kind: 'http', url: `http://127.0.0.1:${port}/health` }, generous);
    expect(result).toMatchObject({ ok: true, attempts: 1 });
  });

  it('retries a 503 until it turns 200', async () => {
    const port = await listen(httpServer((res, count) => res.writeHead(count < 3 ? 503 : 200).end('ok')));
    const result = await waitForReady({ kind: 'http', url: `http://127.0.0.1:${port}/` }, { timeout: 10_000, interval: 10 });
    expect(result).toMatchObject({ ok: true, attempts: 3 });
  });

  it('fails on a 500 with the status in lastError', async () => {
    const port = await listen(httpServer((res) => res.writeHead(500).end('boom')));
    const result = await waitForReady({ kind: 'http', url: `http://127.0.0.1:${port}/` }, fast);
    expect(result).toMatchObject({ ok: false, reason: 'timeout', lastError: 'HTTP 500 Internal Server Error' });
  });

  it('does not follow a redirect', async () => {
    const port = await listen(httpServer((res) => res.writeHead(302, { location: '/elsewhere' }).end()));
    const result = await waitForReady({ kind: 'http', url: `http://127.0.0.1:${port}/` }, fast);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.lastError).toBe('HTTP 302 Found (redirect to /elsewhere, not followed)');
  });

  it('fails on a refused port', async () => {
    const port = await allocatePort();
    const result = await waitForReady({ kind: 'http', url: `http://127.0.0.1:${port}/` }, fast);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.lastError).toContain('ECONNREFUSED');
  });

  it('cuts each attempt against a server that accepts and never answers, and closes its sockets', async () => {
    const server = createHttpServer(() => {});
    const tracked = trackSockets(server);
    const port = await listen(server);
    const result = await waitForReady(
      { kind: 'http', url: `http://127.0.0.1:${port}/` },
      { timeout: 1000, interval: 10, attemptTimeout: 100 },
    );
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    if (!result.ok) expect(result.lastError).toMatch(/^no answer within \d+ ms$/);
    expect(result.attempts).toBeGreaterThan(1);
    expect(tracked.accepted()).toBe(result.attempts);
    await tracked.allClosed();
  });

  it('stops at once on abort and closes its socket', async () => {
    const server = createHttpServer(() => {});
    const tracked = trackSockets(server);
    const port = await listen(server);
    const controller = new AbortController();
    server.once('request', () => controller.abort());
    const result = await waitForReady(
      { kind: 'http', url: `http://127.0.0.1:${port}/` },
      { timeout: 60_000, interval: 10, signal: controller.signal },
    );
    expect(result).toMatchObject({ ok: false, reason: 'aborted', attempts: 1 });
    await tracked.allClosed();
  });
});

describe('exec probe', () => {
  const env = {};

  it('passes when the command exits 0 (argv, no shell)', async () => {
    const probe = { kind: 'exec' as const, command: [process.execPath, '-e', 'process.exit(0)'], cwd: dir, env };
    expect(await waitForReady(probe, generous)).toMatchObject({ ok: true, attempts: 1 });
  });

  it('passes through the platform shell for a string command, with env', async () => {
    const probe = { kind: 'exec' as const, command: 'test "$NETRA_PROBE" = yes', cwd: dir, env: { NETRA_PROBE: 'yes' } };
    expect(await waitForReady(probe, generous)).toMatchObject({ ok: true });
    const failing = { ...probe, env: { NETRA_PROBE: 'no' } };
    expect(await waitForReady(failing, fast)).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('fails on exit 1 with the code and the last output line', async () => {
    const probe = {
      kind: 'exec' as const,
      // sh, not node: it must exit well inside the short budget even on a loaded machine.
      command: ['sh', '-c', 'echo starting; echo "db not accepting connections" >&2; exit 1'],
      cwd: dir,
      env,
    };
    const result = await waitForReady(probe, fast);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.lastError).toMatch(/exited with code 1: db not accepting connections$/);
  });

  it('names a command that cannot be run', async () => {
    const probe = { kind: 'exec' as const, command: ['netra-no-such-command-xyz'], cwd: dir, env };
    const result = await waitForReady(probe, fast);
    if (result.ok) throw new Error('expected failure');
    expect(result.lastError).toBe('cannot run netra-no-such-command-xyz: ENOENT');
  });

  it('kills a hung command (and its shell children) when the attempt times out', async () => {
    // The shell records its background child's pid at once, then waits on it forever.
    const probe = { kind: 'exec' as const, command: `sleep 600 & touch "${dir}/$!"; wait`, cwd: dir, env };
    const result = await waitForReady(probe, { timeout: 2000, interval: 10, attemptTimeout: 1000 });
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    if (!result.ok) expect(result.lastError).toMatch(/^no answer within \d+ ms$/);
    const pids = await recordedPids();
    expect(pids.length).toBeGreaterThan(0);
    // The grandchildren were in the probe's process group and got SIGKILL with it.
    for (const pid of pids) await expect.poll(() => isProcessAlive(pid)).toBe(false);
  });

  it('kills the command on abort', async () => {
    const controller = new AbortController();
    const probe = { kind: 'exec' as const, command: [process.execPath, hangFixture, dir], cwd: dir, env };
    const wait = waitForReady(probe, { timeout: 60_000, interval: 10, signal: controller.signal });
    await expect.poll(async () => (await recordedPids()).length, { timeout: 20_000 }).toBe(1);
    const [pid] = await recordedPids();
    expect(isProcessAlive(pid!)).toBe(true);
    controller.abort();
    expect(await wait).toMatchObject({ ok: false, reason: 'aborted', attempts: 1 });
    expect(isProcessAlive(pid!)).toBe(false);
  });
});
