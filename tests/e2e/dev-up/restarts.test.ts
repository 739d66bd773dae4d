/**
 * Restart policies with backoff, the crash-loop limit (exit 1 with the
 * service's last lines on stderr), optional services, and a stack whose
 * services all finish on their own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { leftoversAfterExit } from '../../helpers/stack-processes.js';
import { projectForTest, type LogFileRecord } from '../../helpers/temp-project.js';

const netraLines = (records: LogFileRecord[]): string[] => records.filter((r) => r.stream === 'netra').map((r) => r.line);

describe.concurrent('dev up restarts', () => {
  it('on-failure: exits 1 twice, comes up on the third run; backoff doubles from initial', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        flaky: {
          command: nodeFixture('exit-with.mjs', 1, 'runs.txt', 2),
          ready: { log: '^up after 2 failures$' },
          restart: { policy: 'on-failure', maxRestarts: 3, backoff: { initial: 50, max: 200 } },
        },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(project.path('runs.txt'), 'utf8')).toBe('3');
    const lines = netraLines(await project.readLog('flaky'));
    expect(lines.filter((line) => /restarting in/.test(line))).toEqual([
      'warning: exited with code 1; restarting in 50 ms (restart 1 of 3)',
      'warning: exited with code 1; restarting in 100 ms (restart 2 of 3)',
    ]);
    expect(lines.filter((line) => line.startsWith('started'))).toHaveLength(3);
    expect(result.leftovers).toEqual([]);
  });

  it('backoff is capped at max', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        flaky: {
          command: nodeFixture('exit-with.mjs', 1, 'runs.txt', 4),
          ready: { log: '^up after' },
          restart: { policy: 'on-failure', maxRestarts: 5, backoff: { initial: 40, max: 100 } },
        },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const delays = netraLines(await project.readLog('flaky')).flatMap((line) => /restarting in (\d+) ms/.exec(line)?.[1] ?? []);
    expect(delays.map(Number)).toEqual([40, 80, 100, 100]);
  });

  it('crash loop past maxRestarts: exit 1, the crash context (its last lines) on stderr, nothing left', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        loop: {
          command: nodeFixture('exit-with.mjs', 7, 'runs.txt'),
          ready: { log: 'never' },
          restart: { policy: 'on-failure', maxRestarts: 2, backoff: { initial: 20, max: 50 } },
        },
        bystander: { command: nodeFixture('forever.mjs', 'bystander') },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(readFileSync(project.path('runs.txt'), 'utf8')).toBe('3');
    expect(result.stderr).toMatch(/loop: exited with code 7, and it crashed past its restart limit \(2 restarts\)/);
    // The crash context block shows the last run's own output.
    expect(result.stderr).toMatch(/── loop: .* · last \d+ lines ──/);
    expect(result.stderr).toMatch(/^loop\s+\| run 3: crash context line$/m);
    expect(result.leftovers).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });

  it("policy 'no': one failure fails the stack, no restart", async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { once: { command: nodeFixture('exit-with.mjs', 1, 'runs.txt'), ready: { log: 'never' }, restart: 'no' } },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(readFileSync(project.path('runs.txt'), 'utf8')).toBe('1');
    expect(result.stderr).toMatch(/once: exited with code 1/);
  });

  it("policy 'always' restarts even clean exits, up to its limit", async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        again: {
          command: nodeFixture('exit-with.mjs', 0, 'runs.txt'),
          restart: { policy: 'always', maxRestarts: 2, backoff: { initial: 10, max: 10 } },
        },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(readFileSync(project.path('runs.txt'), 'utf8')).toBe('3');
  });

  it('an optional service that fails does not stop the rest of the stack', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        extra: { command: nodeFixture('exit-with.mjs', 5), ready: { log: 'never' }, optional: true },
        main: { command: nodeFixture('forever.mjs', 'main'), ready: { log: '^main started' } },
      },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › main: ready in/);
    await netra.waitForLine('stderr', /extra: exited with code 5/);
    // Still running: a terminal line from the main service after the failure would not prove it; signal and check the exit.
    netra.signal('SIGTERM');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(await leftoversAfterExit(netra.marker)).toEqual([]);
  });

  it('every service exits 0 with no restart pending: dev up exits 0 on its own', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        one: { command: nodeFixture('echo.mjs', 'one done') },
        two: { command: nodeFixture('echo.mjs', 'two done'), dependsOn: [{ service: 'one', condition: 'completed' }] },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^one\s+\| one done$/m);
    expect(result.stdout).toMatch(/^two\s+\| two done$/m);
  });

  it('every service exited, one with a failure: dev up exits 1', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        ok: { command: nodeFixture('echo.mjs', 'fine') },
        bad: { command: nodeFixture('exit-with.mjs', 2), optional: true },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
  });
});
