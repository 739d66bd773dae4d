/**
 * Suggestions from git history and `--changed`, on real temporary git
 * repositories: the incident this command was born from.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyImports } from '../../../src/imports/index.js';
import { createNodeImportsFs } from '../../../src/imports/node-fs.js';

let repo: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function commit(message: string): void {
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'netra-imports-history-'));
  git('init', '-q', '-b', 'main');
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('suggestions from git history', () => {
  it('the incident: a removed module points at its successor and the class that replaced it', async () => {
    write('alerts/__init__.py', '');
    write('alerts/alert_manager_core.py', 'class AlertManager:\n    pass\n');
    write('service.py', 'from alerts.alert_manager_core import AlertManager\n');
    commit('initial');
    rmSync(join(repo, 'alerts/alert_manager_core.py'));
    write('alerts/alert_manager_compact.py', 'class CompactAlertManager:\n    pass\n\n\nclass Unrelated:\n    pass\n');
    write('alerts/formatting.py', 'def fmt():\n    pass\n');
    commit('compact the alert manager');

    const { findings } = await verifyImports({ root: repo, langs: ['py'] });
    expect(findings).toMatchObject([
      { file: 'service.py', line: 1, column: 6, kind: 'module-not-found', suggestion: 'alerts.alert_manager_compact.CompactAlertManager' },
    ]);
  });

  it('a top-level module that once existed is a missing module, not an undeclared package', async () => {
    write('alert_manager_core.py', 'class AlertManager:\n    pass\n');
    write('app.py', 'import alert_manager_core\n');
    commit('initial');
    rmSync(join(repo, 'alert_manager_core.py'));
    write('notifications.py', 'class Notifier:\n    pass\n');
    commit('remove');

    const { findings } = await verifyImports({ root: repo, langs: ['py'] });
    expect(findings).toMatchObject([{ file: 'app.py', kind: 'module-not-found', severity: 'error' }]);
  });

  it('a renamed module points at its new name', async () => {
    write('pkg/__init__.py', '');
    write('pkg/old_name.py', 'def helper():\n    pass\n');
    write('main.py', 'from pkg.old_name import helper\n');
    commit('initial');
    renameSync(join(repo, 'pkg/old_name.py'), join(repo, 'pkg/brand_new.py'));
    commit('rename');

    const { findings } = await verifyImports({ root: repo, langs: ['py'] });
    expect(findings).toMatchObject([{ file: 'main.py', kind: 'module-not-found', suggestion: 'pkg.brand_new.helper' }]);
  });
});

describe('--changed', () => {
  it('checks the changed files and their importers only', async () => {
    write('pkg/__init__.py', '');
    write('pkg/core.py', 'VALUE = 1\n');
    write('pkg/consumer.py', 'from pkg.core import VALUE\n');
    write('pkg/untouched.py', 'from pkg.nowhere import broken\n');
    commit('initial');
    write('pkg/core.py', 'RENAMED = 1\n');

    const changed = await verifyImports({ root: repo, langs: ['py'], changed: 'HEAD' });
    expect(changed.findings.map((f) => `${f.file}:${f.kind}`)).toEqual(['pkg/consumer.py:name-not-found']);
    const all = await verifyImports({ root: repo, langs: ['py'] });
    expect(all.findings.map((f) => `${f.file}:${f.kind}`)).toEqual(['pkg/consumer.py:name-not-found', 'pkg/untouched.py:module-not-found']);
  });

  it('reads each file once: the importer scan hands its texts to the checkers', async () => {
    write('pkg/__init__.py', '');
    write('pkg/core.py', 'VALUE = 1\n');
    write('pkg/consumer.py', 'from pkg.core import VALUE\n');
    write('web/core.ts', 'export const value = 1;\n');
    write('web/consumer.ts', "import { value } from './core.js';\nexport const twice = value * 2;\n");
    write('web/types.d.ts', "declare module 'virtual:thing';\n");
    commit('initial');
    write('pkg/core.py', 'RENAMED = 1\n');
    write('web/core.ts', 'export const renamed = 1;\n');

    const real = createNodeImportsFs();
    const reads = new Map<string, number>();
    const fs = { ...real, readFile: (path: string) => (reads.set(path, (reads.get(path) ?? 0) + 1), real.readFile(path)) };
    const { findings } = await verifyImports({ root: repo, changed: 'HEAD', fs });
    expect(findings.map((f) => `${f.file}:${f.kind}:${f.name}`)).toEqual([
      'pkg/consumer.py:name-not-found:VALUE',
      'web/consumer.ts:name-not-found:value',
    ]);
    expect(reads.get(join(repo, 'pkg/consumer.py').replace(/\\/g, '/'))).toBe(1);
    expect(reads.get(join(repo, 'web/consumer.ts').replace(/\\/g, '/'))).toBe(1);
    expect([...reads].filter(([, count]) => count > 1)).toEqual([]);
  });

  it('is a usage error for an unknown ref', async () => {
    write('a.py', '');
    commit('initial');
    await expect(verifyImports({ root: repo, changed: 'no-such-ref' })).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('the real file system', () => {
  // Creating folder links needs admin rights or developer mode on Windows.
  it.skipIf(process.platform === 'win32')('does not follow linked folders, even when they loop', async () => {
    write('pkg/__init__.py', '');
    write('pkg/a.py', 'import pkg.gone\n');
    symlinkSync(join(repo, 'pkg'), join(repo, 'pkg/loop'), 'dir');
    const { findings, filesChecked } = await verifyImports({ root: repo, langs: ['py'], git: async () => undefined });
    expect(filesChecked).toBe(2);
    expect(findings.map((f) => f.file)).toEqual(['pkg/a.py']);
  });
});
