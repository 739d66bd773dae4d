import { describe, expect, it } from 'vitest';
import { detectLevel, levelRank, parseLevel } from '../../../src/logs/index.js';
import type { LogLevel } from '../../../src/logs/index.js';

/** Real-world formats, each with a line that declares a level and a false-positive line that only mentions one. */
const corpus: { format: string; line: string; level: LogLevel | undefined; falsePositive: string; expectedThere: LogLevel | undefined }[] = [
  { format: 'pino JSON (numeric)', line: '{"level":50,"time":1714557600000,"pid":1,"msg":"db down"}', level: 'error',
    falsePositive: '{"level":30,"time":1714557600000,"msg":"ERROR: nothing, just a word"}', expectedThere: 'info' },
  { format: 'pino fatal', line: '{"level":60,"msg":"bye"}', level: 'fatal',
    falsePositive: '{"level":20,"msg":"fatal flaw count 0"}', expectedThere: 'debug' },
  { format: 'winston JSON', line: '{"message":"conn refused","level":"error"}', level: 'error',
    falsePositive: '{"message":"error budget ok","level":"info"}', expectedThere: 'info' },
  { format: 'GCP/structlog severity', line: '{"severity":"WARNING","message":"slow query"}', level: 'warn',
    falsePositive: '{"severity":"INFO","message":"warning banner shown"}', expectedThere: 'info' },
  { format: 'ECS log.level', line: '{"@timestamp":"2024-05-01T10:00:00Z","log.level":"error","message":"x"}', level: 'error',
    falsePositive: '{"@timestamp":"2024-05-01T10:00:00Z","message":"error","event":"x"}', expectedThere: undefined },
  { format: 'Python logging default', line: 'ERROR:root:Connection refused', level: 'error',
    falsePositive: 'INFO:root:Handled an error gracefully', expectedThere: 'info' },
  { format: 'Python logging warning', line: 'WARNING:urllib3.connectionpool:Retrying', level: 'warn',
    falsePositive: 'DEBUG:app:warning suppressed', expectedThere: 'debug' },
  { format: 'Python asctime format', line: '2024-05-01 10:00:00,123 - app.db - ERROR - could not connect', level: 'error',
    falsePositive: '2024-05-01 10:00:00,123 - app.db - INFO - 0 errors, 0 warnings', expectedThere: 'info' },
  { format: 'Python CRITICAL', line: 'CRITICAL:app:disk full', level: 'fatal',
    falsePositive: 'INFO:app:critical section entered', expectedThere: 'info' },
  { format: 'uvicorn', line: 'ERROR:    Exception in ASGI application', level: 'error',
    falsePositive: 'INFO:     127.0.0.1:5000 - "GET /errors HTTP/1.1" 200 OK', expectedThere: 'info' },
  { format: 'uvicorn warning', line: 'WARNING:  StatReload detected changes', level: 'warn',
    falsePositive: 'INFO:     Application startup complete. Errors: none', expectedThere: 'info' },
  { format: '[ERROR] prefix', line: '[ERROR] failed to bind port', level: 'error',
    falsePositive: '[INFO] ERROR count is 0', expectedThere: 'info' },
  { format: 'bracketed time then level', line: '[2024-05-01 10:00:00] [error] worker died', level: 'error',
    falsePositive: '[2024-05-01 10:00:00] [info] error page rendered', expectedThere: 'info' },
  { format: 'ERROR: prefix', line: 'ERROR: relation "users" does not exist', level: 'error',
    falsePositive: 'query returned ERROR: none', expectedThere: undefined },
  { format: 'lowercase error: (cargo, go tools)', line: 'error: could not compile `app`', level: 'error',
    falsePositive: 'errors: 0', expectedThere: undefined },
  { format: 'logfmt', line: 'time=2024-05-01T10:00:00Z level=error msg="db down"', level: 'error',
    falsePositive: 'time=2024-05-01T10:00:00Z level=info msg="level=error is only text"', expectedThere: 'info' },
  { format: 'Spring Boot', line: '2024-05-01 10:00:00.123 ERROR 4242 --- [main] o.s.boot.App : failed', level: 'error',
    falsePositive: '2024-05-01 10:00:00.123  INFO 4242 --- [main] o.s.boot.App : ErrorPageFilter registered', expectedThere: 'info' },
  { format: 'log4j thread first', line: '10:00:00.123 [main] WARN com.example.App - slow', level: 'warn',
    falsePositive: '10:00:00.123 [main] INFO com.example.App - warnings cleared', expectedThere: 'info' },
  { format: 'pino-pretty', line: '[10:00:00.123] ERROR (4242): db down', level: 'error',
    falsePositive: '[10:00:00.123] INFO (4242): error handler installed', expectedThere: 'info' },
  { format: 'pino-pretty colored', line: '[10:00:00.123] \x1b[31mERROR\x1b[39m (4242): db down', level: 'error',
    falsePositive: '[10:00:00.123] \x1b[32mINFO\x1b[39m (4242): \x1b[31merror\x1b[39m is a word', expectedThere: 'info' },
  { format: 'loguru', line: '2024-05-01 10:00:00.123 | ERROR    | app:main:12 - boom', level: 'error',
    falsePositive: '2024-05-01 10:00:00.123 | INFO     | app:main:12 - error-free', expectedThere: 'info' },
  { format: 'Ruby Logger', line: 'E, [2024-05-01T10:00:00.123 #4242] ERROR -- : boom', level: 'error',
    falsePositive: 'I, [2024-05-01T10:00:00.123 #4242]  INFO -- : error rate 0', expectedThere: 'info' },
  { format: 'glog', line: 'E0501 10:00:00.123456    42 main.go:10] boom', level: 'error',
    falsePositive: 'I0501 10:00:00.123456    42 main.go:10] error none', expectedThere: 'info' },
  { format: 'Node uncaught error', line: "TypeError: Cannot read properties of undefined (reading 'x')", level: 'error',
    falsePositive: 'Error handling middleware registered', expectedThere: undefined },
  { format: 'Python traceback', line: 'Traceback (most recent call last):', level: 'error',
    falsePositive: '  File "app.py", line 3, in <module>: error', expectedThere: undefined },
  { format: 'Node warning', line: '(node:4242) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.', level: 'warn',
    falsePositive: 'node warnings are off', expectedThere: undefined },
  { format: 'npm', line: 'npm ERR! code ELIFECYCLE', level: 'error',
    falsePositive: 'npm run errors:check', expectedThere: undefined },
  { format: 'Go log + level word', line: '2024/05/01 10:00:00 ERROR failed to start', level: 'error',
    falsePositive: '2024/05/01 10:00:00 Errored requests: 0', expectedThere: undefined },
  { format: 'plain access log', line: 'GET /api/errors 500 12ms', level: undefined,
    falsePositive: 'GET /api/error 200 3ms', expectedThere: undefined },
];

describe('detectLevel', () => {
  for (const entry of corpus) {
    it(`${entry.format}: detects the level`, () => {
      expect(detectLevel(entry.line)).toBe(entry.level);
    });
    it(`${entry.format}: no false alarm`, () => {
      expect(detectLevel(entry.falsePositive)).toBe(entry.expectedThere);
    });
  }

  it('ignores a JSON line without a level field and broken JSON', () => {
    expect(detectLevel('{"msg":"error"}')).toBeUndefined();
    expect(detectLevel('{"level":"error"')).toBeUndefined();
  });
});

describe('parseLevel and levelRank', () => {
  it('knows the usual spellings and orders levels', () => {
    expect(parseLevel('WARNING')).toBe('warn');
    expect(parseLevel('err')).toBe('error');
    expect(parseLevel('critical')).toBe('fatal');
    expect(parseLevel('loud')).toBeUndefined();
    expect(levelRank('warn')).toBeLessThan(levelRank('error'));
    expect(levelRank('info')).toBeLessThan(levelRank('warn'));
  });
});
