/** A broken relative import whose file was renamed in git gets the new home as suggestion. */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitRunner } from '../../../../src/imports/model.js';
import { typeScriptChecker } from '../../../../src/imports/ts/index.js';
import { codeFiles, diskFs } from './helpers.js';

const git: GitRunner = (args, cwd) =>
  new Promise((resolve) => {
    execFile('git', [...args], { cwd }, (error, stdout) => resolve(error ? undefined : stdout));
  });

function run(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

describe('suggestions from git history', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('suggests where a renamed module went, spelled like the import', async () => {
    dir = mkdtempSync(`${tmpdir()}/netra-ts-history-`);
    mkdirSync(`${dir}/src/lib`, { recursive: true });
    writeFileSync(`${dir}/package.json`, '{ "name": "h", "type": "module" }\n');
    writeFileSync(`${dir}/tsconfig.json`, '{ "compilerOptions": { "module": "NodeNext" } }\n');
    writeFileSync(`${dir}/src/alert-core.ts`, 'export const core = 1;\nexport const more = 2;\n');
    writeFileSync(`${dir}/src/main.ts`, "import { core } from './alert-core.js';\nexport const x = core;\n");
    run(dir, 'init', '-q');
    run(dir, 'add', '.');
    run(dir, 'commit', '-q', '-m', 'one');
    run(dir, 'mv', 'src/alert-core.ts', 'src/lib/compact-alerts.ts');
    run(dir, 'commit', '-q', '-m', 'move');

    const report = await typeScriptChecker.check({ root: dir, files: codeFiles(dir), fs: diskFs, git });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      kind: 'module-not-found',
      specifier: './alert-core.js',
      suggestion: './lib/compact-alerts.js',
    });
    expect(report.findings[0]?.message).toContain('moved to src/lib/compact-alerts.ts');

    // Without git, there is no look-alike sibling to suggest.
    const plain = await typeScriptChecker.check({ root: dir, files: codeFiles(dir), fs: diskFs });
    expect(plain.findings[0]?.suggestion).toBeUndefined();
  });
});
