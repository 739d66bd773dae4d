/**
 * What a service finds in its environment: its port, netra's markers, what
 * its dependencies export, `${…}` interpolation, env files and their
 * precedence (the inherited environment wins unless envFileOverride).
 */
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra } from '../../helpers/run-netra.js';
import { projectForTest, type TempProject } from '../../helpers/temp-project.js';

/** `NAME=value` lines a service printed, from its log file. */
async function printedEnv(project: TempProject, service: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const record of await project.readLog(service)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(record.line);
    if (record.stream === 'stdout' && match) env[match[1]!] = match[2]!;
  }
  return env;
}

describe.concurrent('dev up service environment', () => {
  it('port, markers, dependency exports and ${…} interpolation', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        api: { command: nodeFixture('listen-on-port.mjs'), port: 'auto' },
        web: {
          command: nodeFixture(
            'print-env.mjs',
            'PORT',
            'API_URL',
            'API_PORT',
            'NETRA_API_URL',
            'NETRA_API_PORT',
            'NETRA_SERVICE',
            'NETRA_SERVICE_ID',
            'NETRA_STACK_ID',
            'SELF',
            'GREETING',
          ),
          port: 'auto',
          dependsOn: ['api'],
          env: { API_URL: '${services.api.url}', API_PORT: '${services.api.port}', SELF: 'http://127.0.0.1:${PORT}/', GREETING: 42 },
          ready: { log: '^env printed$' },
        },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const env = await printedEnv(project, 'web');
    const apiPort = Number(/listening (\d+)/.exec((await project.readLogText('api')))?.[1]);
    expect(apiPort).toBeGreaterThan(0);
    expect(env['API_URL']).toBe(`http://127.0.0.1:${apiPort}`);
    expect(env['API_PORT']).toBe(String(apiPort));
    expect(env['NETRA_API_URL']).toBe(`http://127.0.0.1:${apiPort}`);
    expect(env['NETRA_API_PORT']).toBe(String(apiPort));
    expect(Number(env['PORT'])).toBeGreaterThan(0);
    expect(env['PORT']).not.toBe(String(apiPort));
    expect(env['SELF']).toBe(`http://127.0.0.1:${env['PORT']}/`);
    expect(env['GREETING']).toBe('42');
    expect(env['NETRA_SERVICE']).toBe('web');
    expect(env['NETRA_STACK_ID']).toMatch(/\S/);
    expect(env['NETRA_SERVICE_ID']).toBe(`${env['NETRA_STACK_ID']}:web`);
  });

  it('env files: later files win; the inherited environment wins unless envFileOverride', async (ctx) => {
    const names = ['FROM_ENV', 'FROM_LOCAL', 'BOTH', 'INHERITED'];
    const project = await projectForTest(ctx, {
      services: {
        plain: { command: nodeFixture('print-env.mjs', ...names), envFile: ['.env', '.env.local', '.env.missing'], ready: { log: '^env printed$' } },
        override: {
          command: nodeFixture('print-env.mjs', ...names),
          envFile: ['.env', '.env.local'],
          envFileOverride: true,
          ready: { log: '^env printed$' },
        },
      },
    });
    await project.writeFile('.env', 'FROM_ENV=env\nBOTH=env\nINHERITED=from-file\n');
    await project.writeFile('.env.local', '# local overrides\nFROM_LOCAL="local value"\nBOTH=local\n');
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir, env: { INHERITED: 'from-process' } });
    expect(result.code, result.stderr).toBe(0);
    const base = { FROM_ENV: 'env', FROM_LOCAL: 'local value', BOTH: 'local' };
    expect(await printedEnv(project, 'plain')).toEqual({ ...base, INHERITED: 'from-process' });
    expect(await printedEnv(project, 'override')).toEqual({ ...base, INHERITED: 'from-file' });
  });

  it('an unset ${NAME} fails the service with a message naming where it was used', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { svc: { command: nodeFixture('print-env.mjs', 'X'), env: { X: '${NETRA_SURELY_UNSET_VAR}' } } },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.stderr).toContain('services.svc.env.X: ${NETRA_SURELY_UNSET_VAR} is not set');
    expect(result.leftovers).toEqual([]);
  });
});
