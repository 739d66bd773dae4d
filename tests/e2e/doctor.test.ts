/** `netra doctor` as a user runs it: each check with its finding and fix, exit 1 when one fails. */
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runNetra } from '../helpers/run-netra.js';
import { projectForTest } from '../helpers/temp-project.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  severity: 'error' | 'warning';
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

async function doctor(cwd: string): Promise<{ code: number | null; checks: Check[] }> {
  const result = await runNetra(['doctor', '--json'], { cwd });
  return { code: result.code, checks: (JSON.parse(result.stdout) as { checks: Check[] }).checks };
}

describe('netra doctor', () => {
  it('passes a valid config whose fixed port is free, and names the database kind', async (ctx) => {
    const { server, port } = await listen();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const project = await projectForTest(ctx, { services: { db: { kind: 'pglite' }, api: { command: ['node', '-e', ''], port } } });
    const { code, checks } = await doctor(project.dir);
    expect(code).toBe(0);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['node', true], ['config', true], ['ports', true], ['pglite', true]]);
    expect(checks[2]?.detail).toBe(`services.api.port ${port} is free`);
  });

  it('fails on a port another program holds, naming it and how to fix it, and leaves that program alone', async (ctx) => {
    const { server, port } = await listen();
    ctx.onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const project = await projectForTest(ctx, { services: { api: { command: ['node', '-e', ''], port } } });
    const { code, checks } = await doctor(project.dir);
    expect(code).toBe(1);
    const ports = checks.find((c) => c.name === 'ports');
    expect(ports).toMatchObject({ ok: false, severity: 'error' });
    expect(ports?.detail).toContain(String(port));
    expect(ports?.fix).toContain("'auto'");
    expect(server.listening).toBe(true);
  });

  it('fails on an invalid config with the field path, and still checks Node', async (ctx) => {
    const project = await projectForTest(ctx, { services: { api: { command: ['node'], ready: { http: 'not a url' } } } });
    const { code, checks } = await doctor(project.dir);
    expect(code).toBe(1);
    expect(checks[0]).toMatchObject({ name: 'node', ok: true });
    const config = checks.find((c) => c.name === 'config');
    expect(config).toMatchObject({ ok: false, severity: 'error' });
    expect(config?.detail).toContain('services.api.ready.http');
  });
});
