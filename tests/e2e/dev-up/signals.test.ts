/**
 * Shutdown of `netra dev up` by signal: exit codes of CLI.md, and afterwards
 * no process of the stack alive — found by the env marker through /proc,
 * grandchildren and a detached (setsid) grandchild included — no port open,
 * and no `.netra/lock`. Checked right after netra exits: the contract is that
 * it exits after killing everything it started.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, type TestContext } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { isPortOpen } from '../../helpers/ports.js';
import { startNetra, type NetraProcess } from '../../helpers/run-netra.js';
import { leftoversAfterExit, liveMarkedProcesses } from '../../helpers/stack-processes.js';
import { projectForTest, type ConfigSource, type TempProject } from '../../helpers/temp-project.js';

/** api listens on an auto port; tree has a grandchild in its group and a detached one, each listening. */
const stack = (extra: Record<string, unknown> = {}): ConfigSource => ({
  services: {
    api: { command: nodeFixture('listen-on-port.mjs'), port: 'auto' },
    tree: { command: nodeFixture('spawn-grandchildren.mjs'), ready: { log: '^grandchildren ready$' }, dependsOn: ['api'] },
    ...extra,
  },
});

interface Running {
  project: TempProject;
  netra: NetraProcess;
  ports: number[];
}

async function startStack(ctx: TestContext, config: ConfigSource, readyServices: string[]): Promise<Running> {
  const project = await projectForTest(ctx, config);
  const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 45_000 });
  ctx.onTestFinished(() => netra.dispose());
  for (const service of readyServices) await netra.waitForLine('stderr', new RegExp(`netra › ${service}: ready in`));
  const ports = [
    Number((await netra.waitForLine('stdout', /^api\s+\| listening (\d+)$/))[1]),
    Number((await netra.waitForLine('stdout', /^tree\s+\| grandchild attached \d+ (\d+)$/))[1]),
    Number((await netra.waitForLine('stdout', /^tree\s+\| grandchild detached \d+ (\d+)$/))[1]),
  ];
  for (const port of ports) expect(await isPortOpen(port), `port ${port} open while running`).toBe(true);
  // The marker really reaches every process: netra, api, tree and its two grandchildren at least.
  expect(liveMarkedProcesses(netra.marker).length).toBeGreaterThanOrEqual(5);
  return { project, netra, ports };
}

async function expectNothingLeft({ project, netra, ports }: Running): Promise<void> {
  expect(await leftoversAfterExit(netra.marker)).toEqual([]);
  for (const port of ports) expect(await isPortOpen(port), `port ${port} still open`).toBe(false);
  expect(project.hasLock()).toBe(false);
}

describe.concurrent('dev up shutdown by signal', () => {
  it.for([
    ['SIGINT', 0],
    ['SIGTERM', 0],
    ['SIGHUP', 0],
  ] as const)('%s once everything is ready: exit %i, nothing left', async ([signal, code], ctx) => {
    const running = await startStack(ctx, stack(), ['api', 'tree']);
    running.netra.signal(signal);
    const exit = await running.netra.exited;
    expect(exit.code, exit.stderr).toBe(code);
    await expectNothingLeft(running);
    // Log files are flushed before exit, netra's own lines included.
    const tree = await running.project.readLog('tree');
    expect(tree.some((r) => r.stream === 'stdout' && r.line === 'grandchildren ready')).toBe(true);
  });

  it.for([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('a second %s during a slow stop forces it: exit %i, nothing left', async ([signal, code], ctx) => {
    const running = await startStack(
      ctx,
      stack({ stubborn: { command: nodeFixture('ignore-sigterm.mjs'), ready: { log: '^ignoring ready' }, stop: { grace: 120_000 } } }),
      ['api', 'tree', 'stubborn'],
    );
    running.netra.signal(signal);
    // The stop is under way and stuck on the stubborn service's grace period.
    await running.netra.waitForLine('stdout', /^stubborn\s+\| ignored SIG(TERM|INT|HUP)$/);
    running.netra.signal(signal);
    const exit = await running.netra.exited;
    expect(exit.code, exit.stderr).toBe(code);
    await expectNothingLeft(running);
  });

  it('a service that ignores SIGTERM is killed after its stop.grace; the stack exits 0', async (ctx) => {
    const running = await startStack(
      ctx,
      stack({
        stubborn: { command: nodeFixture('ignore-sigterm.mjs'), ready: { log: '^ignoring ready' }, stop: { grace: 300 } },
        // Its main process ignores SIGTERM; its grandchildren (one detached) must still go.
        tree2: {
          command: nodeFixture('spawn-grandchildren.mjs', '--stubborn'),
          ready: { log: '^grandchildren ready$' },
          stop: { grace: 300 },
        },
      }),
      ['api', 'tree', 'stubborn', 'tree2'],
    );
    running.netra.signal('SIGINT');
    const exit = await running.netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    await expectNothingLeft(running);
    const stubborn = await running.project.readLog('stubborn');
    expect(stubborn.some((r) => r.stream === 'stdout' && r.line === 'ignored SIGTERM')).toBe(true);
  });

  it('stops in reverse dependency order: each dependent is gone before its dependency gets the signal', async (ctx) => {
    const server = (tag: string, dependsOn: string[]) => ({
      command: nodeFixture('listen-on-port.mjs', 0, 200, tag),
      port: 'auto',
      env: { SIGNAL_LOG: 'signals.txt' },
      dependsOn,
    });
    const project = await projectForTest(ctx, {
      services: { web: server('web', ['api']), db: server('db', []), api: server('api', ['db']), side: server('side', []) },
    });
    const netra = startNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    ctx.onTestFinished(() => netra.dispose());
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const order = readFileSync(project.path('signals.txt'), 'utf8').split('\n').filter(Boolean);
    expect(order.filter((line) => line !== 'side SIGTERM')).toEqual(['web SIGTERM', 'api SIGTERM', 'db SIGTERM']);
    expect(order).toContain('side SIGTERM');
    expect(await leftoversAfterExit(netra.marker)).toEqual([]);
  });

  it('a second dev up in the same project while one runs: exit 3, the first keeps running', async (ctx) => {
    const running = await startStack(ctx, stack(), ['api', 'tree']);
    const second = startNetra(['dev', 'up'], { cwd: running.project.dir });
    ctx.onTestFinished(() => second.dispose());
    const exit = await second.exited;
    expect(exit.code, exit.stderr).toBe(3);
    for (const port of running.ports) expect(await isPortOpen(port)).toBe(true);
    running.netra.signal('SIGTERM');
    expect((await running.netra.exited).code).toBe(0);
    await expectNothingLeft(running);
  });

  // Regression: the stop signal once reached the process group only; a detached
  // (setsid) descendant was SIGKILLed after the whole stop.grace, so every stop of
  // such a stack took the full grace.
  it('the stop signal reaches a detached grandchild too, not only SIGKILL after the grace', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        tree: {
          command: nodeFixture('spawn-grandchildren.mjs'),
          ready: { log: '^grandchildren ready$' },
          env: { SIGNAL_LOG: 'signals.txt' },
          stop: { grace: 20_000 },
        },
      },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 45_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › tree: ready in/);
    netra.signal('SIGTERM');
    expect((await netra.exited).code).toBe(0);
    expect(await leftoversAfterExit(netra.marker)).toEqual([]);
    const signals = readFileSync(project.path('signals.txt'), 'utf8').split('\n').filter(Boolean).sort();
    expect(signals).toEqual(['attached SIGTERM', 'detached SIGTERM']);
  });

  // Regression (SIGINT): listr2's own SIGINT handler once made netra exit 127 during
  // start-up, leaving every service running and `.netra/lock` behind.
  it.for(['SIGINT', 'SIGTERM'] as const)('%s while a service is still starting: exit 0, nothing left', async (signal, ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        api: { command: nodeFixture('listen-on-port.mjs'), port: 'auto' },
        slow: { command: nodeFixture('forever.mjs', 'slow'), ready: { log: 'never printed', timeout: 120_000 } },
      },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 45_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › api: ready in/);
    await netra.waitForLine('stdout', /^slow\s+\| slow started/);
    const port = Number((await netra.waitForLine('stdout', /^api\s+\| listening (\d+)$/))[1]);
    netra.signal(signal);
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(await leftoversAfterExit(netra.marker)).toEqual([]);
    expect(await isPortOpen(port)).toBe(false);
    expect(project.hasLock()).toBe(false);
  });
});
