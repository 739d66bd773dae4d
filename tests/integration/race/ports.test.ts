import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PortAllocator, allocatePort, assertPortsFree, checkPort, findPortHolder } from '../../../src/race/index.js';
import { isNetraError } from '../../../src/shared/errors.js';
import { isProcessAlive } from '../../../src/shared/proc-info.js';
import { spawnJsonChild } from './json-child.js';

const sharedFixture = fileURLToPath(new URL('../../fixtures/race/listen-shared.mjs', import.meta.url));
const listenFixture = fileURLToPath(new URL('../../fixtures/race/listen.mjs', import.meta.url));
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A foreign process (a real child, not this test process) listening on host. */
async function foreignListener(host: string, port = 0): Promise<{ pid: number; port: number }> {
  const child = spawnJsonChild(listenFixture, [host, String(port)]);
  cleanups.push(() => child.stop());
  const message = await child.next<{ port: number }>();
  return { pid: child.process.pid!, port: message.port };
}

async function ipv6Available(): Promise<boolean> {
  const server = createServer();
  try {
    server.listen({ host: '::1', port: 0, ipv6Only: true });
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

async function freePort(): Promise<number> {
  return allocatePort();
}

describe('checkPort', () => {
  it('reports a free port as free', async () => {
    expect(await checkPort(await freePort())).toEqual({ free: true });
  });

  it.each(['127.0.0.1', '0.0.0.0'])('names the foreign process holding a port on %s and leaves it alive', async (host) => {
    const holder = await foreignListener(host);
    const check = await checkPort(holder.port);
    expect(check).toMatchObject({ free: false, reason: 'in-use', address: host, holder: { pid: holder.pid } });
    if (!check.free) expect(check.holder?.command).toContain('listen.mjs');
    expect(isProcessAlive(holder.pid)).toBe(true);
  });

  it('sees a holder on ::1 only (when this machine has IPv6)', async (context) => {
    if (!(await ipv6Available())) context.skip();
    const holder = await foreignListener('::1');
    expect(await checkPort(holder.port)).toMatchObject({ free: false, address: '::1', holder: { pid: holder.pid } });
  });

  it('names the parent when forked workers share the listening socket', async () => {
    const child = spawnJsonChild(sharedFixture, []);
    cleanups.push(async () => {
      child.process.kill('SIGTERM');
      await once(child.process, 'exit');
    });
    const { port, workerPid } = await child.next<{ port: number; workerPid: number }>();
    expect(workerPid).not.toBe(child.process.pid);
    expect(await findPortHolder(port)).toMatchObject({ pid: child.process.pid, address: '127.0.0.1' });
    expect(isProcessAlive(workerPid)).toBe(true);
  });

  it('findPortHolder returns nothing for a port nobody listens on', async () => {
    expect(await findPortHolder(await freePort())).toBeUndefined();
  });
});

describe('assertPortsFree', () => {
  it('passes when every port is free', async () => {
    await expect(assertPortsFree([{ service: 'api', port: await freePort() }])).resolves.toBeUndefined();
  });

  it('throws one PORT_IN_USE (exit 2) listing every taken port with its holder, killing nothing', async () => {
    const a = await foreignListener('127.0.0.1');
    const b = await foreignListener('0.0.0.0');
    const free = await freePort();
    const error = await assertPortsFree([
      { service: 'api', port: a.port },
      { service: 'web', port: free },
      { service: 'worker', port: b.port },
    ]).catch((caught: unknown) => caught);
    if (!isNetraError(error)) throw new Error(`expected PORT_IN_USE, got ${String(error)}`);
    expect(error.code).toBe('PORT_IN_USE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('cannot start: 2 ports are not available');
    expect(error.details).toHaveLength(2);
    expect(error.details[0]).toMatch(
      new RegExp(`^services\\.api\\.port: ${a.port} is in use on 127\\.0\\.0\\.1 by pid ${a.pid} \\(.*listen\\.mjs 127\\.0\\.0\\.1 0\\)$`),
    );
    expect(error.details[1]).toMatch(new RegExp(`^services\\.worker\\.port: ${b.port} is in use on 0\\.0\\.0\\.0 by pid ${b.pid} `));
    expect(isProcessAlive(a.pid)).toBe(true);
    expect(isProcessAlive(b.pid)).toBe(true);
  });

  it('flags two services configured with the same port', async () => {
    const port = await freePort();
    const error = await assertPortsFree([
      { service: 'a', port },
      { service: 'b', port },
    ]).catch((caught: unknown) => caught);
    expect(isNetraError(error) && error.details).toEqual([`services.b.port: ${port} is also the port of services.a`]);
  });
});

describe('allocatePort', () => {
  it('gives distinct, bindable ports to many concurrent callers', async () => {
    const ports = await Promise.all(Array.from({ length: 40 }, () => allocatePort()));
    expect(new Set(ports).size).toBe(ports.length);
    // All bindable at the same time on 127.0.0.1.
    const servers: Server[] = [];
    cleanups.push(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
    for (const port of ports) {
      const server = createServer();
      servers.push(server);
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    }
  });

  it('never gives the same port twice in a row, even after it was closed', async () => {
    const allocator = new PortAllocator();
    const ports: number[] = [];
    for (let i = 0; i < 100; i += 1) ports.push(await allocator.allocate());
    expect(new Set(ports).size).toBe(100);
    allocator.release(ports[0]!);
  });
});
