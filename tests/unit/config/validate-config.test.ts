import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';
import { isNetraError, type NetraError } from '../../../src/shared/errors.js';

const PATH = '/project/launcher.config.ts';

/** The `path: message` issues of an invalid config (fails the test when it is valid). */
function issuesOf(config: unknown): readonly string[] {
  try {
    validateConfig(config, PATH);
  } catch (error) {
    if (!isNetraError(error)) throw error;
    expect((error as NetraError).code).toBe('CONFIG_INVALID');
    expect((error as NetraError).exitCode).toBe(2);
    return (error as NetraError).details.length > 0 ? (error as NetraError).details : [(error as NetraError).message];
  }
  throw new Error('expected the config to be invalid');
}

describe('validateConfig', () => {
  it('resolves a minimal config with defaults, absolute paths and a start order after dependencies', () => {
    const config = validateConfig(
      {
        services: {
          web: { command: 'npm start', dependsOn: ['api'] },
          api: { command: ['node', 'server.js'], port: 'auto', cwd: 'api', dependsOn: [{ service: 'db', condition: 'started' }] },
          db: { command: ['db'], ready: { log: 'ready' } },
        },
      },
      PATH,
    );
    expect(config.root).toBe('/project');
    expect(config.stateDir).toBe('/project/.netra');
    expect(config.startOrder).toEqual(['db', 'api', 'web']);
    const api = config.services['api']!;
    expect(api.cwd).toBe('/project/api');
    expect(api.dependsOn).toEqual([{ service: 'db', condition: 'started' }]);
    expect(api.ready.probe).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    expect(api.restart).toEqual({ policy: 'no', maxRestarts: 5, backoff: { initial: 250, max: 10_000, factor: 2 }, window: undefined });
    expect(api.stop).toEqual({ signal: 'SIGTERM', grace: 5_000 });
    expect(config.services['web']!.dependsOn).toEqual([{ service: 'api', condition: 'ready' }]);
    expect(config.services['web']!.ready.probe).toBeUndefined();
    const db = config.services['db']!;
    expect(db.ready.probe?.kind).toBe('log');
    expect((db.ready.probe as { pattern: RegExp }).pattern.test('db is ready')).toBe(true);
  });

  it("keeps a RegExp log probe, and 'restart' as a bare policy name", () => {
    const config = validateConfig({ services: { a: { command: ['x'], ready: { log: /^up$/i }, restart: 'always' } } }, PATH);
    expect(config.services['a']!.ready.probe).toEqual({ kind: 'log', pattern: /^up$/i });
    expect(config.services['a']!.restart.policy).toBe('always');
  });

  it('a non-object default export names what to export', () => {
    expect(issuesOf(undefined)[0]).toContain('the default export must be defineConfig');
    expect(issuesOf(42)[0]).toContain('the default export must be defineConfig');
  });

  it.each([
    ['typo in a service field', { a: { command: ['x'], dependOn: [] } }, 'services.a.dependOn: unknown field (did you mean "dependsOn"?)'],
    ['typo in a ready field', { a: { command: ['x'], ready: { htpp: 'http://x' } } }, 'services.a.ready.htpp: unknown field (did you mean "http"?)'],
    ['command of the wrong type', { a: { command: 42 } }, 'services.a.command: expected a command'],
    ['empty argv', { a: { command: [] } }, 'services.a.command'],
    ['missing command', { a: {} }, "services.a.command: required for a service of kind 'process'"],
    ['command on a pglite service', { db: { kind: 'pglite', command: ['x'] } }, "services.db.command: not allowed for kind 'pglite'"],
    ['unknown dependency', { a: { command: ['x'], dependsOn: ['b'] } }, 'services.a.dependsOn[0]: unknown service "b" (services: a)'],
    ['self dependency', { a: { command: ['x'], dependsOn: ['a'] } }, 'services.a.dependsOn[0]: a service cannot depend on itself'],
    ['bad condition', { a: { command: ['x'] }, b: { command: ['x'], dependsOn: [{ service: 'a', condition: 'up' }] } }, 'services.b.dependsOn[0]'],
    ['two probes', { a: { command: ['x'], ready: { tcp: 1, http: 'http://x/' } } }, 'services.a.ready: expected one probe, got tcp and http'],
    ['no probe in ready', { a: { command: ['x'], ready: { timeout: 5 } } }, 'services.a.ready: expected one probe'],
    ['bad http URL', { backend: { command: ['x'], ready: { http: 'localhost:3000' } } }, 'services.backend.ready.http: expected a URL'],
    ['non-http URL', { backend: { command: ['x'], ready: { http: 'ftp://127.0.0.1/' } } }, 'services.backend.ready.http: expected a URL'],
    ['bad regex', { a: { command: ['x'], ready: { log: '[' } } }, 'services.a.ready.log: not a valid regular expression'],
    ['zero interval', { a: { command: ['x'], ready: { log: 'x', interval: 0 } } }, 'services.a.ready.interval: must be greater than 0'],
    ['port out of range', { a: { command: ['x'], port: 65536 } }, 'services.a.port: must be at most 65535'],
    ['port not a number', { a: { command: ['x'], port: '3000' } }, "services.a.port: expected a port number (1-65535) or 'auto'"],
    ['tcp probe port out of range', { a: { command: ['x'], ready: { tcp: 0 } } }, 'services.a.ready.tcp'],
    ['duplicate fixed port', { a: { command: ['x'], port: 3000 }, b: { command: ['y'], port: 3000 } }, 'services.b.port: 3000 is also the port of "a"'],
    ['bad restart policy', { a: { command: ['x'], restart: 'sometimes' } }, 'services.a.restart: expected'],
    ['negative maxRestarts', { a: { command: ['x'], restart: { maxRestarts: -1 } } }, 'services.a.restart.maxRestarts: must be at least 0'],
    ['bad policy inside the restart object', { a: { command: ['x'], restart: { policy: 'sometimes' } } }, 'services.a.restart.policy: expected one of "no" | "on-failure" | "always", got "sometimes"'],
    ['misspelt field inside the restart object', { a: { command: ['x'], restart: { maxRestart: 3 } } }, 'services.a.restart.maxRestart: unknown field (did you mean "maxRestarts"?)'],
    ['bad condition inside a dependency object', { a: { command: ['x'] }, b: { command: ['y'], dependsOn: [{ service: 'a', condition: 'up' }] } }, 'services.b.dependsOn[0].condition: expected one of "started" | "ready" | "completed", got "up"'],
    ['backoff initial above max', { a: { command: ['x'], restart: { backoff: { initial: 500, max: 100 } } } }, 'services.a.restart.backoff: initial (500) is greater than max (100)'],
    ['bad stop signal', { a: { command: ['x'], stop: { signal: 'TERM' } } }, 'services.a.stop.signal: expected a signal name such as SIGTERM'],
    ['negative grace', { a: { command: ['x'], stop: { grace: -5 } } }, 'services.a.stop.grace: must be at least 0'],
    ['bad service name', { 'a b': { command: ['x'] } }, 'services.a b: a service name may use letters, digits, "-" and "_" only'],
    ['bad portEnv', { a: { command: ['x'], port: 'auto', portEnv: '1PORT' } }, 'services.a.portEnv: expected an environment variable name'],
    ['external without url', { pg: { kind: 'external' } }, "services.pg.url: required for kind 'external'"],
  ])('%s', (_name, services, expected) => {
    expect(issuesOf({ services }).join('\n')).toContain(expected);
  });

  it('no services at all', () => {
    expect(issuesOf({ services: {} }).join('\n')).toContain('services: at least one service is required');
    expect(issuesOf({}).join('\n')).toContain('services: required');
  });

  it('unknown top-level field', () => {
    expect(issuesOf({ services: { a: { command: ['x'] } }, servics: {} }).join('\n')).toContain('servics: unknown field');
  });

  it('names a cycle from and back to its first service', () => {
    const issues = issuesOf({
      services: {
        db: { command: ['x'], dependsOn: ['backend'] },
        backend: { command: ['x'], dependsOn: ['cache'] },
        cache: { command: ['x'], dependsOn: [{ service: 'db', condition: 'started' }] },
      },
    });
    expect(issues).toContain('services: dependency cycle db -> backend -> cache -> db');
  });

  it('reports every problem at once, shape errors and rule errors together', () => {
    const issues = issuesOf({
      services: {
        a: { command: 42, port: 0 },
        b: { command: ['x'], dependsOn: ['ghost'], ready: { http: 'nope' } },
        c: { command: ['x'], restrat: 'always' },
      },
    });
    const text = issues.join('\n');
    for (const path of ['services.a.command', 'services.a.port', 'services.b.dependsOn[0]', 'services.b.ready.http', 'services.c.restrat']) {
      expect(text).toContain(path);
    }
    expect(issues.length).toBe(5);
  });

  it("warns, without failing, when a 'completed' dependency restarts always", () => {
    const config = validateConfig(
      {
        services: {
          job: { command: ['x'], restart: 'always' },
          app: { command: ['y'], dependsOn: [{ service: 'job', condition: 'completed' }] },
        },
      },
      PATH,
    );
    expect(config.warnings).toEqual(['services.app.dependsOn[0]: "job" restarts always, so it may never complete']);
  });
});
