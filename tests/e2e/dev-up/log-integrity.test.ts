/**
 * Every line of every service arrives complete, untorn and in per-service
 * order, both on netra's stdout (non-TTY) and in `.netra/logs/<svc>.log`
 * (JSONL, `seq` +1 per line per service), and awkward output (partial lines
 * across chunks, CRLF, a 200 KB line, UTF-8 split across chunks, a final line
 * without newline) is split correctly. The services exit 0, so `dev up` ends
 * on its own once everything is flushed.
 */
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { leftoversAfterExit } from '../../helpers/stack-processes.js';
import { projectForTest, type LogFileRecord } from '../../helpers/temp-project.js';
import { waitFor } from '../../helpers/wait-for.js';

const LINES = 100_000;

/** Checks that `lines` are exactly `<tag> 1 …` to `<tag> N …` then `<tag> done`; returns a description of the first problem. */
function sequenceProblem(tag: string, lines: readonly string[], count: number): string | undefined {
  const padding = `${tag}-`.repeat(8);
  if (lines.length !== count + 1) return `${tag}: ${lines.length} lines, expected ${count + 1}`;
  for (let i = 0; i < count; i += 1) {
    const expected = `${tag} ${i + 1} ${padding}`;
    if (lines[i] !== expected) return `${tag}: line ${i + 1} is ${JSON.stringify(lines[i]?.slice(0, 120))}, expected ${JSON.stringify(expected)}`;
  }
  if (lines[count] !== `${tag} done`) return `${tag}: last line is ${JSON.stringify(lines[count])}`;
  return undefined;
}

/** Bodies of netra's stdout lines of one service (`<name padded> | <body>`). */
function terminalBodies(stdout: string, service: string): string[] {
  const bodies: string[] = [];
  const head = new RegExp(`^${service}\\s*\\| `);
  for (const line of stdout.split('\n')) {
    const match = head.exec(line);
    if (match) bodies.push(line.slice(match[0].length));
  }
  return bodies;
}

function seqProblem(records: readonly LogFileRecord[]): string | undefined {
  for (let i = 0; i < records.length; i += 1) {
    if (records[i]!.seq !== i + 1) return `record ${i} has seq ${records[i]!.seq}, expected ${i + 1}`;
  }
  return undefined;
}

describe.concurrent('dev up log streaming', () => {
  it(`two writers × ${LINES} lines: complete, untorn, in order, on stdout and in the log files`, async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        alpha: { command: nodeFixture('print-n-lines.mjs', LINES, 'alpha') },
        beta: { command: nodeFixture('print-n-lines.mjs', LINES, 'beta', '--stderr') },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir, timeout: 90_000 });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    for (const tag of ['alpha', 'beta']) {
      expect(sequenceProblem(tag, terminalBodies(result.stdout, tag), LINES), `terminal, ${tag}`).toBeUndefined();
      const records = await project.readLog(tag);
      expect(seqProblem(records), `${tag}.log seq`).toBeUndefined();
      const output = records.filter((r) => r.stream !== 'netra');
      expect(new Set(output.map((r) => r.stream))).toEqual(new Set([tag === 'beta' ? 'stderr' : 'stdout']));
      expect(output.every((r) => r.service === tag)).toBe(true);
      expect(sequenceProblem(tag, output.map((r) => r.line), LINES), `${tag}.log lines`).toBeUndefined();
    }
    // No line of one service was glued into another's, and nothing but service lines on stdout.
    const stray = result.stdout.split('\n').filter((line) => line !== '' && !/^(alpha|beta)\s*\| /.test(line));
    expect(stray.slice(0, 5)).toEqual([]);
  });

  it('Ctrl+C in the middle of a flood: what was written is flushed, in order, the same on stdout and in the file', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { flood: { command: nodeFixture('print-n-lines.mjs', 2_000_000, 'flood', '--hang') } },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 60_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › flood: ready in/);
    await netra.waitForLine('stdout', /^flood\s*\| flood 5000 /);
    netra.signal('SIGINT');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr.slice(-2000)).toBe(0);
    const padding = 'flood-'.repeat(8);
    const terminal = terminalBodies(exit.stdout, 'flood');
    const records = await project.readLog('flood');
    expect(seqProblem(records)).toBeUndefined();
    const fileLines = records.filter((r) => r.stream === 'stdout').map((r) => r.line);
    expect(fileLines.length).toBeGreaterThanOrEqual(5000);
    // The child is killed mid-write, so its very last line may be cut short by the child itself.
    const expectedLine = (i: number): string => `flood ${i + 1} ${padding}`;
    const isLast = (i: number): boolean => i === fileLines.length - 1;
    const firstBad = fileLines.findIndex(
      (line, i) => line !== expectedLine(i) && line !== 'flood done' && !(isLast(i) && expectedLine(i).startsWith(line)),
    );
    expect(firstBad, `file line ${firstBad + 1}: ${fileLines[firstBad]?.slice(0, 100)}`).toBe(-1);
    expect(terminal.length).toBe(fileLines.length);
    expect(terminal.every((line, i) => line === fileLines[i])).toBe(true);
  });

  // Regression: `netra dev up | head` once died of an unhandled EPIPE, leaving
  // .netra/lock and state.json behind. The terminal stream stops; the stack and
  // the log files go on, and SIGTERM still shuts down cleanly.
  it('the reader of stdout goes away (netra dev up | head): the stack and the log files go on', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { p: { command: nodeFixture('print-n-lines.mjs', 100_000, 'p', '--hang') } },
    });
    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 45_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stdout', /^p\s*\| p 1 /);
    netra.child.stdout!.destroy();
    await waitFor(async () => (await project.readLogText('p')).includes('"line":"p done"'), 'p done in p.log');
    netra.signal('SIGTERM');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr.slice(-3000)).toBe(0);
    expect(await leftoversAfterExit(netra.marker)).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });

  // Regression: the listr2 task list once went to stdout, mixed into the services'
  // log stream; CLI.md puts netra's progress on stderr.
  it('stdout carries only service lines; the task list goes to stderr', async (ctx) => {
    const project = await projectForTest(ctx, { services: { solo: { command: nodeFixture('echo.mjs', 'hello') } } });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('solo | hello\n');
    expect(result.stderr).toMatch(/solo/);
  });

  it('partial lines across chunks, CRLF, a 200 KB line, UTF-8 split across chunks, a final line without newline', async (ctx) => {
    const project = await projectForTest(ctx, { services: { tricky: { command: nodeFixture('tricky-output.mjs') } } });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const expected = [
      'partial line',
      'crlf one',
      'crlf two',
      `long ${'x'.repeat(200 * 1024)} end`,
      'utf8 café 🚀 done',
      'no newline at the end',
    ];
    expect(terminalBodies(result.stdout, 'tricky')).toEqual(expected);
    const records = await project.readLog('tricky');
    expect(records.filter((r) => r.stream === 'stdout').map((r) => r.line)).toEqual(expected);
    expect(seqProblem(records)).toBeUndefined();
    expect(result.stdout).not.toContain('\uFFFD');
  });
});
