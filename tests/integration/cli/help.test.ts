/**
 * `netra --help` of the built CLI is answered from the build's snapshot: it
 * must be byte for byte what commander prints, for every terminal width.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const distCli = `${repoRoot}dist/cli/`;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${repoRoot}bin/netra.js`, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** What commander itself prints for `netra --help` at this width (the program of the build). */
async function commanderHelp(width: number): Promise<string> {
  const { buildProgram } = (await import(`${distCli}program.js`)) as typeof import('../../../src/cli/program.js');
  return buildProgram().configureOutput({ getOutHelpWidth: () => width }).helpInformation();
}

describe('netra --help from the build snapshot', () => {
  beforeAll(() => {
    if (!existsSync(`${distCli}help-snapshot.json`)) throw new Error('dist/cli/help-snapshot.json is missing: run `npm run build` first');
  });

  it.each([['--help'], ['-h']])('%s prints what commander prints (not a TTY: 80 columns), exit 0', async (flag) => {
    const result = await run([flag]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(await commanderHelp(80));
    expect(result.stdout).toMatch(/^Usage: netra \[options\] \[command\]/);
  });

  it('the snapshot holds the text commander renders for every terminal width', async () => {
    const { readHelpSnapshot } = (await import(`${distCli}help-snapshot.js`)) as typeof import('../../../src/cli/help-snapshot.js');
    for (const width of [1, 20, 39, 40, 41, 50, 60, 70, 79, 80, 81, 90, 100, 120, 160, 200, 300, 400, 401, 1_000]) {
      expect(readHelpSnapshot(width, distCli), `width ${width}`).toBe(await commanderHelp(width));
    }
  });

  it('other arguments still go through commander (subcommand help, --version, help with a global flag)', async () => {
    const dev = await run(['dev', '--help']);
    expect(dev.code).toBe(0);
    expect(dev.stdout).toMatch(/^Usage: netra dev \[options\] \[command\]/);
    const version = await run(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const withFlag = await run(['--no-color', '--help']);
    expect(withFlag.code).toBe(0);
    expect(withFlag.stdout).toBe(await commanderHelp(80));
  });
});
