/**
 * `verifyImports.boundaries`: files matching `from` must not import anything
 * matching `disallow` — a glob over the imported file's path, or a module
 * name (`pytest`, `netra`, `src.dev`) matched against the import as written.
 */
import type { Finding, ImportEdge } from './model.js';
import { globMatcher } from './walk/glob.js';

export interface BoundaryRule {
  /** Glob of importing files, relative to the root. */
  from: string;
  /** Globs of imported files, or module names, the `from` files must not import. */
  disallow: readonly string[];
  /** Shown instead of the default message, e.g. why the rule exists. */
  message?: string;
}

export function checkBoundaries(edges: readonly ImportEdge[], rules: readonly BoundaryRule[]): Finding[] {
  const compiled = rules.map((rule) => ({
    rule,
    from: globMatcher(rule.from),
    disallow: rule.disallow.map((pattern) => ({ pattern, matches: targetMatcher(pattern) })),
  }));
  const findings: Finding[] = [];
  for (const edge of edges) {
    for (const { rule, from, disallow } of compiled) {
      if (!from(edge.from)) continue;
      const hit = disallow.find((entry) => entry.matches(edge));
      if (!hit) continue;
      findings.push({
        file: edge.from,
        line: edge.line,
        column: edge.column,
        lang: edge.lang,
        kind: 'boundary',
        specifier: edge.specifier,
        message: rule.message
          ? `${rule.message} (\`${edge.specifier}\` matches \`${hit.pattern}\`)`
          : `files matching \`${rule.from}\` must not import \`${hit.pattern}\` (imports \`${edge.specifier}\`)`,
        severity: 'error',
      });
      break;
    }
  }
  return findings;
}

function targetMatcher(pattern: string): (edge: ImportEdge) => boolean {
  const path = globMatcher(pattern);
  const isModuleName = !/[*?[{/]/.test(pattern) || /^@[^/]+\/[^/*]+$/.test(pattern);
  // A dotted Python module name also names the files of that module: `src.dev` → src/dev.py, src/dev/**.
  const dotted = isModuleName && pattern.includes('.') && !pattern.startsWith('@')
    ? globMatcher(`${pattern.replace(/\./g, '/')}{,.py,.pyi}`)
    : undefined;
  return (edge) => {
    if (!edge.external && (path(edge.to) || dotted?.(edge.to))) return true;
    if (path(edge.specifier)) return true;
    if (!isModuleName) return false;
    const spec = edge.specifier.replace(/^node:/, '');
    return spec === pattern || spec.startsWith(`${pattern}.`) || spec.startsWith(`${pattern}/`);
  };
}
