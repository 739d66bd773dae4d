/**
 * The spawner on node:child_process (it replaced execa for start-up time):
 * the ExitInfo it reports must stay what execa's result gave — exit code,
 * signal, spawn errors by errno — and the leader's exit must not be reported
 * before its output has been read to the end.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProcessManager, type ProcessHandle } from '../../../src/process/index.js';
import { nodeFixture } from '../../helpers/fixtures.js';

const env = { PATH: process.env['PATH'] ?? '' };
const started: ProcessHandle[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const handle of started.splice(0)) handle.kill();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function spawn(command: string | string[], cwd = process.cwd()): ProcessHandle {
  const handle = createProcessManager().spawn({ command, cwd, env });
  started.push(handle);
  return handle;
}

function collect(handle: ProcessHandle): { text: () => string } {
  let text = '';
  handle.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  handle.stderr.resume();
  return { text: () => text };
}

describe.skipIf(process.platform === 'win32')('spawn (posix)', () => {
  it('reports the exit code, with every line of output read before the exit is', async () => {
    const handle = spawn(nodeFixture('print-n-lines.mjs', 5000, 'x'));
    const out = collect(handle);
    expect(handle.pid).toBeTypeOf('number');
    expect(handle.startTime).toBeTypeOf('string');
    const info = await handle.exited;
    expect(info).toEqual({ code: 0, signal: null });
    const lines = out.text().split('\n').filter((line) => /^x \d+ /.test(line));
    expect(lines).toHaveLength(5000);
    expect(out.text().endsWith('x done\n')).toBe(true);
  });

  it('reports a non-zero exit code', async () => {
    const handle = spawn(nodeFixture('exit-with.mjs', 3));
    collect(handle);
    expect(await handle.exited).toEqual({ code: 3, signal: null });
  });

  it('reports the signal that ended a process, with a null code', async () => {
    const handle = spawn(nodeFixture('forever.mjs'));
    collect(handle);
    const result = await handle.stop({ signal: 'SIGTERM', grace: 10_000 });
    expect(result.code).toBeNull();
    expect(result.signal).toBe('SIGTERM');
    expect(result.killed).toBe(false);
  });

  it('a command that does not exist: no pid, spawnError "command not found"', async () => {
    const handle = spawn(['/nonexistent/netra-no-such-command', 'arg']);
    expect(handle.pid).toBeUndefined();
    expect(await handle.exited).toEqual({ code: null, signal: null, spawnError: 'command not found: /nonexistent/netra-no-such-command' });
    // stop() on a process that never started resolves too.
    expect(await handle.stop({ signal: 'SIGTERM', grace: 100 })).toMatchObject({ killed: false, spawnError: expect.any(String) });
  });

  it('a file that is not executable: spawnError "permission denied"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-spawn-'));
    dirs.push(dir);
    const file = join(dir, 'not-executable.sh');
    await writeFile(file, '#!/bin/sh\necho hi\n');
    await chmod(file, 0o644);
    const handle = spawn([file]);
    expect(await handle.exited).toEqual({ code: null, signal: null, spawnError: `permission denied: ${file}` });
  });

  it('a shell string runs through the shell and its exit code is reported', async () => {
    const handle = spawn('echo shell-ok; exit 7');
    const out = collect(handle);
    expect(await handle.exited).toEqual({ code: 7, signal: null });
    expect(out.text()).toBe('shell-ok\n');
  });
});
