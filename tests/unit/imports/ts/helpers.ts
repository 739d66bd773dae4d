/** Runs the TS/JS checker over a fixture repository on the real disk. */
import { readdirSync, statSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Finding, ImportsFs, LanguageReport } from '../../../../src/imports/model.js';
import { typeScriptChecker } from '../../../../src/imports/ts/index.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/imports/ts/', import.meta.url)).replace(/\/$/, '');

/** A tiny ImportsFs over node:fs/promises (no listDir: exercises the readDir fallback). */
export const diskFs: ImportsFs = {
  async readFile(path) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async readDir(path) {
    try {
      return await readdir(path);
    } catch {
      return undefined;
    }
  },
  async isFile(path) {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  },
  async isDir(path) {
    try {
      return (await stat(path)).isDirectory();
    } catch {
      return false;
    }
  },
};

const CODE = /\.(?:[mc]?[jt]sx?)$/;

/** TS/JS files under `root`, as the core's walker would pass them (node_modules skipped). */
export function codeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === '.git') continue;
      const path = `${dir}/${name}`;
      if (statSync(path).isDirectory()) walk(path);
      else if (CODE.test(name)) out.push(path);
    }
  };
  walk(root);
  return out;
}

export async function checkFixture(name: string): Promise<LanguageReport> {
  const root = `${FIXTURES}/${name}`;
  return typeScriptChecker.check({ root, files: codeFiles(root), fs: diskFs });
}

/** The finding fields the tests pin down, in a stable order. */
export type Compact = Pick<Finding, 'file' | 'line' | 'column' | 'kind' | 'specifier'> & {
  name?: string;
  suggestion?: string;
};

export function compact(findings: Finding[]): Compact[] {
  return findings
    .map((f) => {
      const c: Compact = { file: f.file, line: f.line, column: f.column, kind: f.kind, specifier: f.specifier };
      if (f.name !== undefined) c.name = f.name;
      if (f.suggestion !== undefined) c.suggestion = f.suggestion;
      return c;
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
