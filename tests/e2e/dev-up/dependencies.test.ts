/**
 * Dependency order and readiness gating, through the built CLI. A dependency
 * writes a marker file only when its probe is about to pass (just before its
 * ready line, after a delay); the dependent checks for the file at start and
 * exits 1 when it is missing. So a dependent started too early fails the stack.
 */
import { describe, expect, it, type TestContext } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { leftoversAfterExit } from '../../helpers/stack-processes.js';
import { createProject, type ConfigSource, type LogFileRecord } from '../../helpers/temp-project.js';

async function projectFor(ctx: TestContext, config: ConfigSource) {
  const created = await createProject(config);
  ctx.onTestFinished(() => created.cleanup());
  return created;
}

const netraLines = (records: LogFileRecord[]): string[] => records.filter((r) => r.stream === 'netra').map((r) => r.line);
const timeOf = (records: LogFileRecord[], pattern: RegExp): number => {
  const record = records.find((r) => r.stream === 'netra' && pattern.test(r.line));
  if (!record) throw new Error(`no netra line matching ${pattern} in ${JSON.stringify(records.map((r) => r.line))}`);
  return Date.parse(record.ts);
};

describe.concurrent('dev up dependency order', () => {
  it("condition 'ready' (the default): the dependent starts only after the dependency's probe passed", async (ctx) => {
    const project = await projectFor(ctx, {
      services: {
        api: { command: nodeFixture('require-file.mjs', 'db.ready'), dependsOn: ['db'], ready: { log: '^found' } },
        db: { command: nodeFixture('print-ready-then-hang.mjs', 'db ready', 'db.ready', 300), ready: { log: '^db ready$' } },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const [db, api] = [await project.readLog('db'), await project.readLog('api')];
    expect(api.some((r) => r.stream === 'stdout' && r.line === `found db.ready`)).toBe(true);
    expect(timeOf(api, /^started/)).toBeGreaterThanOrEqual(timeOf(db, /^ready in/));
    expect(result.leftovers).toEqual([]);
  });

  it('a chain of three starts in order and each waits for the one before', async (ctx) => {
    const project = await projectFor(ctx, {
      services: {
        web: { command: nodeFixture('require-file.mjs', 'api.ready'), dependsOn: ['api'], ready: { log: '^found' } },
        api: {
          // `sh -c`: the string form runs through the shell.
          command: `test -f db.ready && exec ${JSON.stringify(process.execPath)} ${JSON.stringify(nodeFixture('print-ready-then-hang.mjs')[1])} "api ready" api.ready 200`,
          dependsOn: ['db'],
          ready: { log: 'api ready' },
        },
        db: { command: nodeFixture('print-ready-then-hang.mjs', 'db ready', 'db.ready', 200), ready: { log: 'db ready' } },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const [db, api, web] = await Promise.all(['db', 'api', 'web'].map((s) => project.readLog(s)));
    expect(timeOf(api!, /^started/)).toBeGreaterThanOrEqual(timeOf(db!, /^ready in/));
    expect(timeOf(web!, /^started/)).toBeGreaterThanOrEqual(timeOf(api!, /^ready in/));
  });

  it("condition 'started': the dependent starts while the dependency is still not ready", async (ctx) => {
    const project = await projectFor(ctx, {
      services: {
        slow: { command: nodeFixture('forever.mjs', 'slow'), ready: { log: 'never printed', timeout: 30_000 } },
        eager: {
          command: nodeFixture('forever.mjs', 'eager'),
          dependsOn: [{ service: 'slow', condition: 'started' }],
          ready: { log: '^eager started' },
        },
      },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /eager: ready in/);
    expect(netra.stderr()).not.toMatch(/slow: ready/);
    // Ctrl+C while a service is still starting (it once made listr2 exit 127).
    netra.signal('SIGINT');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(await leftoversAfterExit(netra.marker)).toEqual([]);
    const slow = await project.readLog('slow');
    expect(timeOf(await project.readLog('eager'), /^started/)).toBeGreaterThanOrEqual(timeOf(slow, /^started/));
  });

  it("condition 'completed': the dependent starts only after the dependency exited 0", async (ctx) => {
    const writeLater = "setTimeout(() => { require('node:fs').writeFileSync('migrated.flag', '1'); console.log('migrated'); }, 300)";
    const project = await projectFor(ctx, {
      services: {
        migrate: { command: [process.execPath, '-e', writeLater] },
        app: {
          command: nodeFixture('require-file.mjs', 'migrated.flag'),
          dependsOn: [{ service: 'migrate', condition: 'completed' }],
          ready: { log: '^found' },
        },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const migrate = await project.readLog('migrate');
    expect(netraLines(migrate)).toContain('exited with code 0');
    expect(timeOf(await project.readLog('app'), /^started/)).toBeGreaterThanOrEqual(timeOf(migrate, /^exited with code 0/));
  });

  it('a dependency that fails: the dependent is never started and dev up exits 1', async (ctx) => {
    const project = await projectFor(ctx, {
      services: {
        db: { command: nodeFixture('exit-with.mjs', 3), ready: { log: 'never' } },
        api: { command: nodeFixture('print-ready-then-hang.mjs', 'up', 'api.started'), dependsOn: ['db'] },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/db: exited with code 3/);
    expect(netraLines(await project.readLog('api')).some((line) => line.startsWith('started'))).toBe(false);
    expect(result.leftovers).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });

  // Regression: a command that could not be spawned (ENOENT) was once reported
  // "ready" for lack of a probe, and its dependents were started.
  it('a dependency whose command does not exist never counts as ready', async (ctx) => {
    const project = await projectFor(ctx, {
      services: {
        ghost: { command: ['netra-no-such-command-xyz'] },
        api: { command: nodeFixture('print-ready-then-hang.mjs', 'up', 'api.started'), dependsOn: ['ghost'] },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('command not found: netra-no-such-command-xyz');
    expect(result.stderr).not.toMatch(/ghost: ready/);
    expect(netraLines(await project.readLog('api')).some((line) => line.startsWith('started'))).toBe(false);
  });
});
