/**
 * .gitignore semantics (gitignore(5)): last matching rule wins, `!` negates,
 * a trailing `/` matches folders only, a slash at the start or in the middle
 * anchors the pattern to the .gitignore's folder. An excluded folder is never
 * entered, so a negation cannot re-include files below it, as in git.
 */
import { globSource } from './glob.js';

export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  regex: RegExp;
  /** Root-relative folder of the .gitignore ('' for the root). */
  base: string;
}

export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (line === '') continue;
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const source = `${anchored ? '^' : '^(?:.*/)?'}${globSource(line)}$`;
    rules.push({ negate, dirOnly, regex: new RegExp(source), base });
  }
  return rules;
}

/**
 * Whether a root-relative path is ignored by the rules in effect (outer
 * .gitignore files first, nested ones after, so nested rules win).
 */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    if (rule.base !== '' && !path.startsWith(`${rule.base}/`)) continue;
    const relative = rule.base === '' ? path : path.slice(rule.base.length + 1);
    if (rule.negate === ignored && rule.regex.test(relative)) ignored = !rule.negate;
  }
  return ignored;
}
