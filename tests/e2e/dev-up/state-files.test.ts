/**
 * The state netra keeps in `.netra/` while a stack runs (CLI.md "State
 * directory"): the lock, state.json, and the discovery files; the lock and
 * state.json are gone after the stack stopped. A stale lock is taken over.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { projectForTest } from '../../helpers/temp-project.js';
import { waitFor } from '../../helpers/wait-for.js';

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe.concurrent('dev up state files', () => {
  it('lock, state.json and discovery while running; lock and state.json removed after', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        api: { command: nodeFixture('listen-on-port.mjs'), port: 'auto' },
        worker: { command: nodeFixture('forever.mjs', 'worker'), ready: { log: '^worker started' }, dependsOn: ['api'] },
      },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › worker: ready in/);
    const apiPort = Number((await netra.waitForLine('stdout', /^api\s*\| listening (\d+)$/))[1]);

    const lock = readJson(project.path('.netra/lock'));
    expect(lock).toMatchObject({ pid: netra.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(String(lock['startedAt'])))).toBe(false);

    // state.json is rewritten on each change: wait until it shows both services ready.
    const statePath = project.path('.netra/state.json');
    const bothReady = (): boolean => {
      if (!existsSync(statePath)) return false;
      const services = readJson(statePath)['services'] as Record<string, { state: string }>;
      return services['api']?.state === 'ready' && services['worker']?.state === 'ready';
    };
    await waitFor(bothReady, 'both services ready in state.json');
    const state = readJson(statePath) as {
      pid: number;
      startedAt: string;
      services: Record<string, { name: string; state: string; pid: number | null; port: number | null; url: string | null; restarts: number; readyAt: string | null }>;
    };
    expect(state.pid).toBe(netra.pid);
    expect(state.services['api']).toMatchObject({ name: 'api', state: 'ready', port: apiPort, url: `http://127.0.0.1:${apiPort}`, restarts: 0 });
    expect(state.services['api']!.pid).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(String(state.services['api']!.readyAt)))).toBe(false);
    expect(state.services['worker']).toMatchObject({ name: 'worker', state: 'ready', port: null, restarts: 0 });

    expect(readJson(project.path('.netra/discovery/api.json'))).toMatchObject({
      name: 'api',
      host: '127.0.0.1',
      port: apiPort,
      url: `http://127.0.0.1:${apiPort}`,
    });
    expect(existsSync(project.path('.netra/discovery/worker.json'))).toBe(false);

    netra.signal('SIGTERM');
    expect((await netra.exited).code).toBe(0);
    expect(project.hasLock()).toBe(false);
    expect(existsSync(statePath)).toBe(false);
  });

  it('a stale lock (its pid is dead) is taken over with a warning', async (ctx) => {
    const project = await projectForTest(ctx, { services: { one: { command: nodeFixture('echo.mjs', 'hi') } } });
    // A pid that cannot be alive (above the kernel's pid_max default).
    await project.writeFile(
      '.netra/lock',
      JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: new Date(0).toISOString(), hostname: hostname(), controlPort: 1 }),
    );
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/stale lock/);
    expect(project.hasLock()).toBe(false);
  });
});
