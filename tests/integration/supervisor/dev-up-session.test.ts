/**
 * `startDevUp` as a library, with real child processes and in-memory
 * terminal streams: the lifecycle each service goes through, the one
 * idempotent shutdown path, and the outcome it resolves with.
 */
import { Writable } from 'node:stream';
import { describe, expect, it, type TestContext } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';
import { startDevUp, type DevUpSession } from '../../../src/supervisor/index.js';
import { nodeFixture } from '../../helpers/fixtures.js';
import { killMarkedProcesses, leftoversAfterExit, MARKER_NAME, newMarker } from '../../helpers/stack-processes.js';
import { projectForTest } from '../../helpers/temp-project.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

async function start(ctx: TestContext, services: Record<string, unknown>, extra: { exitWhenReady?: boolean } = {}) {
  const project = await projectForTest(ctx, { services });
  const config = validateConfig({ services }, project.path('launcher.config.ts'));
  const marker = newMarker();
  ctx.onTestFinished(() => void killMarkedProcesses(marker));
  const stdout = new Sink();
  const stderr = new Sink();
  const warnings: string[] = [];
  const session: DevUpSession = await startDevUp({
    config,
    stdout,
    stderr,
    color: false,
    onWarning: (message) => warnings.push(message),
    env: { ...process.env, [MARKER_NAME]: marker },
    ...extra,
  });
  const states: string[] = [];
  session.supervisor.on('state', (name, state) => states.push(`${name}:${state.id}`));
  return { project, session, stdout, stderr, warnings, states, marker };
}

const readyOnce = (session: DevUpSession): Promise<void> =>
  new Promise((resolve) => {
    if (session.supervisor.isReady()) resolve();
    else session.supervisor.once('allReady', () => resolve());
  });

describe.concurrent('startDevUp', () => {
  it('runs each service through waiting → starting → ready, then stopping → stopped in reverse order', async (ctx) => {
    const run = await start(ctx, {
      db: { command: nodeFixture('forever.mjs', 'db'), ready: { log: '^db started' } },
      api: { command: nodeFixture('forever.mjs', 'api'), ready: { log: '^api started' }, dependsOn: ['db'] },
    });
    await readyOnce(run.session);
    const outcome = await run.session.stop();
    expect(outcome).toEqual({ reason: 'shutdown', exitCode: 0 });
    const of = (name: string): string[] => run.states.filter((s) => s.startsWith(`${name}:`)).map((s) => s.split(':')[1]!);
    // The listener was attached after start, so the first states may be missed; the tail is exact.
    expect(of('api').slice(-4)).toEqual(['starting', 'ready', 'stopping', 'stopped']);
    expect(of('db').slice(-3)).toEqual(['ready', 'stopping', 'stopped']);
    expect(run.states.indexOf('api:stopped')).toBeLessThan(run.states.indexOf('db:stopping'));
    expect(run.stdout.text).toMatch(/^db\s*\| db started \d+$/m);
    expect(run.stderr.text).toMatch(/netra › api: ready in/);
    expect(await leftoversAfterExit(run.marker)).toEqual([]);
    expect(run.project.hasLock()).toBe(false);
  });

  it('stop() is idempotent: concurrent and repeated calls resolve with the same outcome as finished', async (ctx) => {
    const run = await start(ctx, { svc: { command: nodeFixture('forever.mjs', 'svc'), ready: { log: '^svc started' } } });
    await readyOnce(run.session);
    const [a, b] = await Promise.all([run.session.stop(), run.session.stop()]);
    const c = await run.session.stop();
    expect(a).toEqual({ reason: 'shutdown', exitCode: 0 });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await run.session.finished).toBe(a);
  });

  it("exitWhenReady: finished resolves with reason 'ready' once everything is ready, all stopped", async (ctx) => {
    const run = await start(
      ctx,
      { svc: { command: nodeFixture('print-ready-then-hang.mjs', 'up'), ready: { log: '^up$' } } },
      { exitWhenReady: true },
    );
    expect(await run.session.finished).toEqual({ reason: 'ready', exitCode: 0 });
    expect(await leftoversAfterExit(run.marker)).toEqual([]);
  });

  it("a required service that fails: finished resolves with reason 'service-failed' naming it", async (ctx) => {
    const run = await start(ctx, {
      bad: { command: nodeFixture('exit-with.mjs', 9), ready: { log: 'never' } },
      good: { command: nodeFixture('forever.mjs', 'good') },
    });
    const outcome = await run.session.finished;
    expect(outcome).toMatchObject({ reason: 'service-failed', service: 'bad', exitCode: 1 });
    expect(run.stderr.text).toMatch(/── bad: exited with code 9/);
    expect(await leftoversAfterExit(run.marker)).toEqual([]);
  });
});
