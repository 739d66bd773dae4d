/**
 * Which services run: positional names with their dependencies, `--only`,
 * `--skip`; unknown names and bad flags are usage errors (exit 2, nothing
 * started).
 */
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra } from '../../helpers/run-netra.js';
import { projectForTest, type TempProject } from '../../helpers/temp-project.js';

const config = {
  services: {
    db: { command: nodeFixture('forever.mjs', 'db'), ready: { log: '^db started' } },
    api: { command: nodeFixture('forever.mjs', 'api'), ready: { log: '^api started' }, dependsOn: ['db'] },
    web: { command: nodeFixture('forever.mjs', 'web'), ready: { log: '^web started' }, dependsOn: ['api'] },
    worker: { command: nodeFixture('forever.mjs', 'worker'), ready: { log: '^worker started' } },
  },
};

async function startedServices(project: TempProject): Promise<string[]> {
  const started: string[] = [];
  for (const name of Object.keys(config.services)) {
    const records = await project.readLog(name);
    if (records.some((r) => r.stream === 'netra' && r.line.startsWith('started'))) started.push(name);
  }
  return started.sort();
}

describe.concurrent('dev up service selection', () => {
  it.for([
    { args: [], started: ['api', 'db', 'web', 'worker'] },
    { args: ['api'], started: ['api', 'db'] },
    { args: ['web', 'worker'], started: ['api', 'db', 'web', 'worker'] },
    { args: ['--only', 'api,worker'], started: ['api', 'worker'] },
    { args: ['--skip', 'worker'], started: ['api', 'db', 'web'] },
    { args: ['web', '--skip', 'db'], started: ['api', 'web'] },
  ])('dev up $args starts $started', async ({ args, started }, ctx) => {
    const project = await projectForTest(ctx, config);
    const result = await runNetra(['dev', 'up', '--exit-when-ready', ...args], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(await startedServices(project)).toEqual(started);
    expect(result.leftovers).toEqual([]);
  });

  it.for([
    { args: ['nope'], message: 'unknown service "nope"' },
    { args: ['--only', 'api,ghost'], message: '--only: unknown service "ghost"' },
    { args: ['--skip', 'ghost'], message: '--skip: unknown service "ghost"' },
    { args: ['--only', 'db', '--skip', 'db'], message: 'no service left to start' },
    { args: ['--timeout', 'soon'], message: '--timeout: expected a number of seconds' },
    { args: ['--timeout', '0'], message: '--timeout' },
    { args: ['--bogus-flag'], message: 'unknown option' },
  ])('dev up $args: exit 2, nothing started', async ({ args, message }, ctx) => {
    const project = await projectForTest(ctx, config);
    const result = await runNetra(['dev', 'up', ...args], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await startedServices(project)).toEqual([]);
    expect(project.hasLock()).toBe(false);
    expect(result.leftovers).toEqual([]);
  });
});
