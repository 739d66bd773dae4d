import { describe, expect, it } from 'vitest';
import { composeEnvironment, envName, interpolate, parseDotenv, type Endpoint } from '../../../src/supervisor/environment.js';
import { isNetraError } from '../../../src/shared/errors.js';

describe('parseDotenv', () => {
  it('reads KEY=value, export, quotes, comments, blank lines and CRLF', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = around ',
      'DOUBLE="two words"',
      "SINGLE='it''s'",
      'ESCAPED="line\\nnext \\"quoted\\""',
      'TRAILING=value # comment',
      'HASH_IN_QUOTES="a # b"',
      'EMPTY=',
      'URL=postgres://u:p@h:5432/db?x=1',
      'WINDOWS=crlf\r',
    ].join('\n');
    expect(parseDotenv(text, '.env')).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'around',
      DOUBLE: 'two words',
      SINGLE: "it''s",
      ESCAPED: 'line\nnext "quoted"',
      TRAILING: 'value',
      HASH_IN_QUOTES: 'a # b',
      EMPTY: '',
      URL: 'postgres://u:p@h:5432/db?x=1',
      WINDOWS: 'crlf',
    });
  });

  it('a later duplicate wins', () => {
    expect(parseDotenv('A=1\nA=2\n', '.env')).toEqual({ A: '2' });
  });

  it('a malformed line is an error naming file and line', () => {
    try {
      parseDotenv('OK=1\nthis is not an assignment\n', '/p/.env');
      expect.unreachable();
    } catch (error) {
      expect(isNetraError(error)).toBe(true);
      expect((error as Error).message).toBe('/p/.env:2: expected KEY=value, got "this is not an assignment"');
    }
  });
});

describe('interpolate', () => {
  const endpoints = new Map<string, Endpoint>([
    ['api', { host: '127.0.0.1', port: 4100, url: 'http://127.0.0.1:4100' }],
    ['worker', { host: '127.0.0.1', port: undefined, url: undefined }],
  ]);

  it('fills ${NAME} from the environment and ${services.x.url|port|host} from discovery', () => {
    expect(
      interpolate('http://127.0.0.1:${PORT}/h ${services.api.url} ${services.api.port} ${ services.api.host }', { PORT: '3000' }, endpoints, 'w'),
    ).toBe('http://127.0.0.1:3000/h http://127.0.0.1:4100 4100 127.0.0.1');
  });

  it('leaves text without placeholders alone', () => {
    expect(interpolate('no $PLACEHOLDER here {x}', {}, endpoints, 'w')).toBe('no $PLACEHOLDER here {x}');
  });

  it('an unset variable is an error naming where it was used', () => {
    expect(() => interpolate('${MISSING}', {}, endpoints, 'services.a.env.URL')).toThrow(
      "services.a.env.URL: ${MISSING} is not set in the service's environment",
    );
  });

  it('a service without a port has no url/port to give', () => {
    expect(() => interpolate('${services.worker.url}', {}, endpoints, 'where')).toThrow('where: ${services.worker.url} has no value');
    expect(() => interpolate('${services.ghost.port}', {}, endpoints, 'where')).toThrow('${services.ghost.port} has no value');
  });
});

describe('composeEnvironment', () => {
  const parts = {
    inherited: { PATH: '/bin', SHARED: 'inherited', UNSET: undefined },
    fileValues: { SHARED: 'file', FROM_FILE: 'f' },
    envFileOverride: false,
    fromDependencies: { DATABASE_URL: 'postgres://dep', SHARED: 'dep' },
    own: { LOG_LEVEL: 'debug', DATABASE_URL: 'postgres://own' },
    markers: { NETRA_SERVICE: 'api', LOG_LEVEL: 'marker-wins' },
  };

  it('precedence, lowest first: env files, inherited, dependencies, own env, markers', () => {
    expect(composeEnvironment(parts)).toEqual({
      PATH: '/bin',
      SHARED: 'dep',
      FROM_FILE: 'f',
      DATABASE_URL: 'postgres://own',
      LOG_LEVEL: 'marker-wins',
      NETRA_SERVICE: 'api',
    });
  });

  it('inherited values win over env files unless envFileOverride', () => {
    const base = { ...parts, fromDependencies: {}, own: {}, markers: {} };
    expect(composeEnvironment(base)['SHARED']).toBe('inherited');
    expect(composeEnvironment({ ...base, envFileOverride: true })['SHARED']).toBe('file');
  });

  it('drops undefined inherited values', () => {
    expect('UNSET' in composeEnvironment(parts)).toBe(false);
  });
});

describe('envName', () => {
  it('upper-cases and replaces anything but letters and digits', () => {
    expect(envName('chat-backend')).toBe('CHAT_BACKEND');
    expect(envName('db2_main')).toBe('DB2_MAIN');
  });
});
