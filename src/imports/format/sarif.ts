/** SARIF 2.1.0 for code-scanning uploads: one rule per finding kind. */
import type { Finding, FindingKind } from '../model.js';
import { fingerprint } from '../baseline.js';

const RULES: Record<FindingKind, string> = {
  'module-not-found': 'An import names a module that does not exist.',
  'name-not-found': 'An import names something the module does not define or export.',
  'relative-beyond-top': 'A relative import climbs above the top-level package.',
  cycle: 'Modules import each other in a cycle.',
  boundary: 'An import crosses a boundary forbidden by verifyImports.boundaries.',
  'unlisted-dependency': 'A third-party import is not declared as a dependency of the project.',
};

export function renderSarif(findings: readonly Finding[], version: string): string {
  const kinds = Object.keys(RULES) as FindingKind[];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netra verify-imports',
            version,
            informationUri: 'https://github.com/netra-dev/netra/blob/main/docs/verify-imports.md',
            rules: kinds.map((kind) => ({
              id: kind,
              shortDescription: { text: RULES[kind] },
              defaultConfiguration: { level: kind === 'unlisted-dependency' ? 'warning' : 'error' },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.kind,
          ruleIndex: kinds.indexOf(f.kind),
          level: f.severity,
          message: { text: f.suggestion ? `${f.message} (did you mean \`${f.suggestion}\`?)` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          partialFingerprints: { 'netraImport/v1': fingerprint(f) },
          properties: { lang: f.lang, specifier: f.specifier, ...(f.name ? { name: f.name } : {}) },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
