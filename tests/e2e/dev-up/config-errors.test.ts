/**
 * Malformed configs: each exits 2 with a message naming the problem and its
 * path, and nothing is started (no lock, no log files, no process carrying
 * the run's marker). The services would write a file if they ever started.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it, type TestContext } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra } from '../../helpers/run-netra.js';
import { createProject } from '../../helpers/temp-project.js';

/** A project removed when the test ends (tests here run concurrently). */
async function projectFor(ctx: TestContext, source: string) {
  const created = await createProject(source);
  ctx.onTestFinished(() => created.cleanup());
  return created;
}

const header = "import { defineConfig } from 'netra';\n";
/** A command that leaves `started-<name>` behind if it ever runs. */
const touch = (name: string): string => JSON.stringify(nodeFixture('print-ready-then-hang.mjs', 'up', `started-${name}`));

interface BadConfig {
  name: string;
  source: string;
  /** Every one of these must appear on stderr. */
  expect: (string | RegExp)[];
}

const cases: BadConfig[] = [
  {
    name: 'syntax error',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')} } } ;\n`,
    expect: ['could not load the config', /launcher\.config\.ts:2:\d+/],
  },
  {
    name: 'unknown field with a typo',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')}, dependOn: [] } } } as any);\n`,
    expect: ['services.a.dependOn: unknown field (did you mean "dependsOn"?)'],
  },
  {
    name: 'command of the wrong type',
    source: `${header}export default defineConfig({ services: { a: { command: 42 } } } as any);\n`,
    expect: ['services.a.command: expected a command', 'got 42'],
  },
  {
    name: 'missing command',
    source: `${header}export default defineConfig({ services: { a: { cwd: '.' } } });\n`,
    expect: ["services.a.command: required for a service of kind 'process'"],
  },
  {
    name: 'unknown dependsOn',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')}, dependsOn: ['nope'] } } });\n`,
    expect: ['services.a.dependsOn[0]: unknown service "nope"'],
  },
  {
    name: 'dependency cycle a -> b -> a',
    source: `${header}export default defineConfig({ services: {
      a: { command: ${touch('a')}, dependsOn: ['b'] },
      b: { command: ${touch('b')}, dependsOn: [{ service: 'a', condition: 'started' }] },
    } });\n`,
    expect: ['dependency cycle a -> b -> a'],
  },
  {
    name: 'two probes',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')}, ready: { tcp: 4321, log: 'up' } } } });\n`,
    expect: ['services.a.ready: expected one probe, got tcp and log'],
  },
  {
    name: 'bad http URL',
    source: `${header}export default defineConfig({ services: { backend: { command: ${touch('backend')}, ready: { http: 'localhost/health' } } } });\n`,
    expect: ['services.backend.ready.http: expected a URL'],
  },
  {
    name: 'bad regex',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')}, ready: { log: '(unclosed' } } } });\n`,
    expect: ['services.a.ready.log: not a valid regular expression'],
  },
  {
    name: 'port out of range',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')}, port: 70000 } } });\n`,
    expect: ['services.a.port: must be at most 65535'],
  },
  {
    name: 'duplicate fixed port',
    source: `${header}export default defineConfig({ services: {
      a: { command: ${touch('a')}, port: 45123 },
      b: { command: ${touch('b')}, port: 45123 },
    } });\n`,
    expect: ['services.b.port: 45123 is also the port of "a"'],
  },
  {
    name: 'bad restart policy',
    source: `${header}export default defineConfig({ services: { a: { command: ${touch('a')}, restart: 'sometimes' } } } as any);\n`,
    expect: ['services.a.restart: expected', '"sometimes"'],
  },
  {
    name: 'bad dependency condition',
    source: `${header}export default defineConfig({ services: {
      a: { command: ${touch('a')} },
      b: { command: ${touch('b')}, dependsOn: [{ service: 'a', condition: 'healthy' }] },
    } } as any);\n`,
    expect: ['services.b.dependsOn[0]'],
  },
  {
    name: 'every problem at once',
    source: `${header}export default defineConfig({ services: {
      a: { command: ${touch('a')}, port: 0, stop: { grace: -1 } },
      b: { command: ${touch('b')}, dependsOn: ['ghost'], ready: { http: 'nope' } },
    } } as any);\n`,
    expect: ['services.a.port', 'services.a.stop.grace', 'services.b.dependsOn[0]: unknown service "ghost"', 'services.b.ready.http'],
  },
];

describe.concurrent('dev up with a malformed config', () => {
  it.for(cases)('$name: exit 2, a clear message, nothing started', async ({ source, expect: expected }, ctx) => {
    const project = await projectFor(ctx, source);
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(2);
    for (const fragment of expected) {
      if (typeof fragment === 'string') expect(result.stderr).toContain(fragment);
      else expect(result.stderr).toMatch(fragment);
    }
    expect(result.stdout).toBe('');
    expect(project.hasLock()).toBe(false);
    expect(existsSync(project.path('.netra/logs'))).toBe(false);
    expect(existsSync(project.path('started-a')) || existsSync(project.path('started-b'))).toBe(false);
    expect(result.leftovers).toEqual([]);
  });

  // Regression: `mod.default ?? mod` once fell back to the module namespace, so
  // `export const services = {…}` ran the stack (exit 0).
  it('no default export: exit 2 naming the missing default export', async (ctx) => {
    const project = await projectFor(ctx, `export const services = { a: { command: ${touch('a')} } };\n`);
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('no default export');
    expect(existsSync(project.path('started-a'))).toBe(false);
  });

  it('no config file anywhere up the tree: exit 2 saying what to create', async (ctx) => {
    const project = await projectFor(ctx, '');
    const result = await runNetra(['--config', 'missing.config.ts', 'dev', 'up'], { cwd: project.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('config file not found');
  });
});
