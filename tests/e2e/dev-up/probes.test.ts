/**
 * Every probe kind passes against a service that is ready, and times out —
 * exit 1, the probe and the service named — against one that is not. The
 * failing cases are real negatives (a server answering 500, a port nobody
 * listens on, a command exiting 1), so a probe that cannot fail fails here.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra } from '../../helpers/run-netra.js';
import { projectForTest } from '../../helpers/temp-project.js';

/** A port that was free a moment ago (nothing is left listening on it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface ProbeCase {
  name: string;
  service: () => Promise<Record<string, unknown>>;
  /** For failures: every fragment must be on stderr. */
  failure?: (string | RegExp)[];
}

const exitsZeroIfFlag = "process.exit(require('node:fs').existsSync('svc.flag') ? 0 : 1)";

const passing: ProbeCase[] = [
  {
    name: 'tcp (default for a service with port auto)',
    service: async () => ({ command: nodeFixture('listen-on-port.mjs'), port: 'auto' }),
  },
  {
    name: 'tcp (explicit port)',
    service: async () => {
      const port = await freePort();
      return { command: nodeFixture('listen-on-port.mjs', port), ready: { tcp: port, interval: 50 } };
    },
  },
  {
    name: 'http 200',
    service: async () => ({
      command: nodeFixture('listen-on-port.mjs', 0, 200),
      port: 'auto',
      ready: { http: 'http://127.0.0.1:${PORT}/health', interval: 50 },
    }),
  },
  {
    name: 'log (string regex)',
    service: async () => ({ command: nodeFixture('print-ready-then-hang.mjs', 'server is UP now', '', 200), ready: { log: 'is UP\\b' } }),
  },
  {
    name: 'exec (argv)',
    service: async () => ({
      command: nodeFixture('print-ready-then-hang.mjs', 'flag written', 'svc.flag', 200),
      ready: { exec: [process.execPath, '-e', exitsZeroIfFlag], interval: 50 },
    }),
  },
  {
    name: 'exec (shell string)',
    service: async () => ({
      command: nodeFixture('print-ready-then-hang.mjs', 'flag written', 'svc.flag', 200),
      ready: { exec: 'test -f svc.flag', interval: 50 },
    }),
  },
];

const failing: ProbeCase[] = [
  {
    name: 'tcp: nothing listens',
    service: async () => {
      const port = await freePort();
      return { command: nodeFixture('forever.mjs'), port, ready: { tcp: port, timeout: 800, interval: 50 } };
    },
    failure: ['svc: never became ready', /tcp 127\.0\.0\.1:\d+/],
  },
  {
    name: 'http: the server answers 500',
    service: async () => ({
      command: nodeFixture('listen-on-port.mjs', 0, 500),
      port: 'auto',
      ready: { http: 'http://127.0.0.1:${PORT}/health', timeout: 800, interval: 50 },
    }),
    failure: ['svc: never became ready', /http http:\/\/127\.0\.0\.1:\d+\/health/, 'HTTP 500'],
  },
  {
    name: 'http: the server redirects (3xx is not ready)',
    service: async () => ({
      command: nodeFixture('listen-on-port.mjs', 0, 302),
      port: 'auto',
      ready: { http: 'http://127.0.0.1:${PORT}/', timeout: 800, interval: 50 },
    }),
    failure: ['svc: never became ready', 'HTTP 302'],
  },
  {
    name: 'log: the line never comes',
    service: async () => ({ command: nodeFixture('forever.mjs', 'almost'), ready: { log: '^ready$', timeout: 800 } }),
    failure: ['svc: never became ready', 'log /^ready$/'],
  },
  {
    name: 'exec: the command keeps exiting 1',
    service: async () => ({
      command: nodeFixture('forever.mjs'),
      ready: { exec: [process.execPath, '-e', exitsZeroIfFlag], timeout: 800, interval: 50 },
    }),
    failure: ['svc: never became ready', 'exec '],
  },
];

describe.concurrent('dev up readiness probes', () => {
  it.for(passing)('$name passes: exit 0 with --exit-when-ready', async ({ service }, ctx) => {
    const project = await projectForTest(ctx, { services: { svc: await service() } });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/svc: ready in/);
    expect(result.leftovers).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });

  it.for(failing)('$name: exit 1 naming the probe and the service', async ({ service, failure }, ctx) => {
    const project = await projectForTest(ctx, { services: { svc: await service() } });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    for (const fragment of failure ?? []) {
      if (typeof fragment === 'string') expect(result.stderr).toContain(fragment);
      else expect(result.stderr).toMatch(fragment);
    }
    expect(result.stderr).not.toMatch(/svc: ready in/);
    expect(result.leftovers).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });

  it('--timeout overrides the configured readiness budget', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { svc: { command: nodeFixture('forever.mjs'), ready: { log: 'never', timeout: 600_000 } } },
    });
    const result = await runNetra(['dev', 'up', '--timeout', '0.5'], { cwd: project.dir, timeout: 20_000 });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('svc: never became ready');
  });

  it('a service that exits before its probe passes fails at once with its exit', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { svc: { command: nodeFixture('exit-with.mjs', 4), ready: { log: 'never', timeout: 600_000 } } },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir, timeout: 20_000 });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('exited with code 4');
  });
});
