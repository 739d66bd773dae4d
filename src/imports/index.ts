/**
 * `verifyImports()`: walks the project, runs one checker per language, then
 * the cross-language passes (critical entries, cycles, boundaries), and
 * filters by --changed and the baseline. Pure over the injected fs and git.
 * Imports only src/shared and its own files (STYLE.md §2: imports stays isolated).
 */
import { resolve } from 'node:path';
import { NetraError } from '../shared/errors.js';
import { filterBaseline, readBaseline } from './baseline.js';
import { type BoundaryRule, checkBoundaries } from './boundaries.js';
import { changedFiles, readingOnce, selectChanged } from './changed.js';
import { findCycles } from './cycles.js';
import { runGit } from './git.js';
import { loadCheckers } from './load-checkers.js';
import type { CheckContext, CriticalEntry, Finding, GitRunner, ImportEdge, ImportsFs, Lang, LanguageChecker } from './model.js';
import { createNodeImportsFs } from './node-fs.js';
import { walkSourceFiles } from './walk/walker.js';

export interface VerifyOptions {
  /** The project root: findings' paths are relative to it. */
  root: string;
  /** Files or folders to check (absolute or relative to the root); default the root. */
  paths?: readonly string[];
  /** Languages to check; default both. */
  langs?: readonly Lang[];
  /** Report import cycles; default true. */
  cycles?: boolean;
  boundaries?: readonly BoundaryRule[];
  /** `module:name` or `module` entries that must resolve (Python dotted, or a TS specifier from the root). */
  critical?: readonly string[];
  /** Where `critical` is written (root-relative), to point findings at it; default `launcher.config.ts`. */
  criticalSource?: string;
  /** Root-relative globs of files and folders not to check. */
  ignore?: readonly string[];
  /** Only files changed since this git ref, plus their importers. */
  changed?: string;
  /** A baseline file (absolute or root-relative): findings it lists are not reported. */
  baseline?: string;
  fs?: ImportsFs;
  git?: GitRunner;
  /** Replaces the language checkers (tests). */
  checkers?: readonly LanguageChecker[];
}

export interface VerifyReport {
  /** Sorted by file, line, column. */
  findings: Finding[];
  filesChecked: number;
  durationMs: number;
}

export async function verifyImports(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const fs = options.fs ?? createNodeImportsFs();
  const git = options.git ?? runGit;
  const root = toSlash(resolve(options.root));
  if (!(await fs.isDir(root))) throw new NetraError('USAGE', `the root ${root} is not a folder`);
  const paths: string[] = [];
  for (const path of options.paths ?? []) {
    const abs = toSlash(resolve(root, path));
    if (!(await fs.isDir(abs)) && !(await fs.isFile(abs))) {
      throw new NetraError('USAGE', `${path} does not exist`, { hint: 'pass files or folders inside the project' });
    }
    paths.push(abs);
  }
  const langs = new Set<Lang>(options.langs?.length ? options.langs : ['py', 'ts']);
  const files = await walkSourceFiles({ root, paths, ...(options.ignore ? { ignore: options.ignore } : {}), fs });
  const checkers = (options.checkers ?? (await loadCheckers([...langs]))).filter((c) => langs.has(c.lang));

  let changed: Set<string> | undefined;
  if (options.changed !== undefined) changed = await changedFiles(git, root, options.changed || 'HEAD');

  const contexts = new Map<LanguageChecker, CheckContext>();
  // --changed reads every candidate to find importers: the checkers get those texts instead of a second read.
  const texts = new Map<string, string>();
  const checkFs = changed ? readingOnce(fs, texts) : fs;
  for (const checker of checkers) {
    const all = files[checker.lang];
    const selected = changed ? await selectChanged(fs, all, changed, texts) : all;
    contexts.set(checker, { root, files: selected, allFiles: all, fs: checkFs, git });
  }
  const reports = await Promise.all(checkers.map((checker) => checker.check(contexts.get(checker)!)));
  texts.clear(); // Texts no checker asked for (files neither selected nor imported) need not outlive the check.
  const findings: Finding[] = reports.flatMap((report) => report.findings);
  const edges: ImportEdge[] = reports.flatMap((report) => report.edges);
  const filesChecked = reports.reduce((sum, report) => sum + report.checkedFiles, 0);

  if (options.critical?.length) {
    findings.push(...(await checkCritical(options, root, fs, checkers, contexts)));
  }
  if (options.cycles !== false) findings.push(...findCycles(edges));
  if (options.boundaries?.length) findings.push(...checkBoundaries(edges, options.boundaries));

  let reported = dedupe(findings).sort(compareFindings);
  if (options.baseline) reported = filterBaseline(reported, await readBaseline(fs, toSlash(resolve(root, options.baseline))));
  return { findings: reported, filesChecked, durationMs: performance.now() - started };
}

async function checkCritical(
  options: VerifyOptions,
  root: string,
  fs: ImportsFs,
  checkers: readonly LanguageChecker[],
  contexts: Map<LanguageChecker, CheckContext>,
): Promise<Finding[]> {
  const source = options.criticalSource ?? 'launcher.config.ts';
  const text = (await fs.readFile(`${root}/${source}`)) ?? '';
  const byLang = new Map<Lang, CriticalEntry[]>();
  for (const raw of options.critical ?? []) {
    const entry = parseCritical(raw);
    // Only a dotted name of identifiers can be a Python module: `left-pad`, `@scope/x`, `./a.js`, `node:fs` are TS.
    const lang: Lang = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(entry.module) ? 'py' : 'ts';
    byLang.set(lang, [...(byLang.get(lang) ?? []), entry]);
  }
  const findings: Finding[] = [];
  for (const [lang, entries] of byLang) {
    const checker = checkers.find((c) => c.lang === lang);
    if (checker?.checkCritical) {
      for (const finding of await checker.checkCritical(contexts.get(checker)!, entries)) {
        const at = locate(text, finding.specifier);
        findings.push({ ...finding, file: source, line: at.line, column: at.column });
      }
      continue;
    }
    // A language left out with --lang is not checked; otherwise never skip an entry silently.
    if (!checker) continue;
    for (const entry of entries) {
      const at = locate(text, entry.raw);
      findings.push({
        file: source, line: at.line, column: at.column, lang, kind: 'module-not-found', specifier: entry.raw, severity: 'warning',
        message: `critical entry \`${entry.raw}\` was not checked: the ${lang} checker cannot check critical entries`,
      });
    }
  }
  return findings;
}

export function parseCritical(raw: string): CriticalEntry {
  // `C:` drive letters cannot occur: modules are dotted names or specifiers.
  const colon = raw.lastIndexOf(':');
  if (colon <= 0 || raw.startsWith('node:') && colon === 4) return { raw, module: raw.trim() };
  return { raw, module: raw.slice(0, colon).trim(), name: raw.slice(colon + 1).trim() };
}

function locate(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index === -1) return { line: 1, column: 1 };
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.line}\0${f.column}\0${f.kind}\0${f.name ?? ''}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind);
}

function toSlash(path: string): string {
  return path.replace(/\\/g, '/');
}

export type { BoundaryRule } from './boundaries.js';
export type * from './model.js';
export { renderReport, isReportFormat, FORMATS, summarize, summaryLine } from './format/index.js';
export type { ReportFormat, RenderedReport, ReportSummary } from './format/index.js';
export { buildBaseline } from './baseline.js';
