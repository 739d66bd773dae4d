import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileExists, isPidAlive, runCommand } from '../../../src/process/windows-runner.js';

describe('the real defaults behind the Windows platform', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('runCommand reports the exit code and output of a program, without rejecting on failure', async () => {
    const result = await runCommand(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(128)']);
    expect(result).toEqual({ exitCode: 128, stdout: 'out', stderr: 'err' });
  });

  it('runCommand turns a program that cannot start into exit code -1 with the reason', async () => {
    const result = await runCommand(join(tmpdir(), 'netra-no-such-program'), []);
    expect(result.exitCode).toBe(-1);
    expect(result.stderr).toContain('ENOENT');
  });

  it('fileExists is true for a regular file only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netra-runner-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'npm.cmd'), '@echo off\r\n');
    expect(fileExists(join(dir, 'npm.cmd'))).toBe(true);
    expect(fileExists(dir)).toBe(false);
    expect(fileExists(join(dir, 'npx.cmd'))).toBe(false);
  });

  it('isPidAlive is true for a running process and false for one that has exited', async () => {
    expect(isPidAlive(process.pid)).toBe(true);
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isPidAlive(child.pid!)).toBe(false);
  });
});
