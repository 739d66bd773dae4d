/** `netra alerts [--follow] [--json] [--active] [-n N]` through the built bin, on a prepared .netra/alerts.jsonl. */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../../src/alerts/index.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { projectForTest } from '../../helpers/temp-project.js';

const rec = (over: Partial<AlertRecord>): AlertRecord => ({
  ts: '2026-01-01T10:00:00.000Z',
  rule: 'crash-loop',
  severity: 'error',
  state: 'firing',
  service: 'api',
  message: 'api is crash-looping',
  id: 'a',
  count: 1,
  ...over,
});

const lines = (records: AlertRecord[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

describe.concurrent('netra alerts', () => {
  it('prints the history, --json the file lines, --active what is still firing, -n the last N', async (ctx) => {
    const project = await projectForTest(ctx, { services: { api: { command: 'true' } } });
    await mkdir(project.path('.netra'), { recursive: true });
    const records = [
      rec({ id: 'a' }),
      rec({ id: 'b', rule: 'run-stuck', severity: 'warning', service: undefined, threadId: 't1', runId: 'r1', message: 'run r1 in thread t1 has made no progress for 61.0 s' }),
      rec({ id: 'a', state: 'resolved', message: 'api has stayed up for 60.0 s', count: 4 }),
    ];
    await writeFile(project.path('.netra/alerts.jsonl'), `${lines(records)}not json\n`);
    await mkdir(project.path('sub/dir'), { recursive: true });

    const json = await runNetra(['alerts', '--json'], { cwd: project.path('sub/dir') });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout.trim().split('\n').map((l) => JSON.parse(l) as AlertRecord)).toEqual(records);

    const active = await runNetra(['alerts', '--json', '--active'], { cwd: project.dir });
    expect(active.stdout.trim().split('\n').map((l) => (JSON.parse(l) as AlertRecord).id)).toEqual(['b']);

    const last = await runNetra(['alerts', '--json', '-n', '1'], { cwd: project.dir });
    expect(last.stdout.trim().split('\n').map((l) => (JSON.parse(l) as AlertRecord).state)).toEqual(['resolved']);

    const human = await runNetra(['alerts'], { cwd: project.dir });
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^2026-01-01 10:00:00Z {2}▲ error {5}crash-loop {8}api {2}api is crash-looping$/),
      expect.stringMatching(/▲ warning {3}run-stuck +thread t1 run r1 {2}run r1 in thread t1 has made no progress/),
      expect.stringMatching(/✓ resolved {2}crash-loop +api {2}api has stayed up for 60\.0 s \(×4\)$/),
    ]);
    expect(human.stderr).toMatch(/^1 alert firing \(.*alerts\.jsonl\)$/m);

    const bad = await runNetra(['alerts', '-n', 'x'], { cwd: project.dir });
    expect(bad.code).toBe(2);
  });

  it('no file yet: nothing on stdout, "no alert firing"', async (ctx) => {
    const project = await projectForTest(ctx, { services: { api: { command: 'true' } } });
    const result = await runNetra(['alerts'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no alert firing/);
  });

  it('--follow prints alerts appended later, until Ctrl+C', async (ctx) => {
    const project = await projectForTest(ctx, { services: { api: { command: 'true' } } });
    await mkdir(project.path('.netra'), { recursive: true });
    await writeFile(project.path('.netra/alerts.jsonl'), lines([rec({ id: 'old' })]));
    const follow = startNetra(['alerts', '--follow', '--json', '-n', '0'], { cwd: project.dir });
    ctx.onTestFinished(() => follow.dispose());
    // Appended until the follower shows it: it may start reading after the first append.
    let appended = 0;
    const appender = setInterval(() => void appendFile(project.path('.netra/alerts.jsonl'), lines([rec({ id: `new${appended++}` })])), 200);
    try {
      await follow.waitForLine('stdout', /"id":"new\d+"/, 15_000);
    } finally {
      clearInterval(appender);
    }
    follow.signal('SIGINT');
    const exit = await follow.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).not.toMatch(/"id":"old"/);
  });
});
