import type { Finding } from '../model.js';

export interface ReportSummary {
  errors: number;
  warnings: number;
  filesChecked: number;
  durationMs: number;
  /** Count per finding kind. */
  byKind: Record<string, number>;
}

export function summarize(findings: readonly Finding[], filesChecked: number, durationMs: number): ReportSummary {
  const byKind: Record<string, number> = {};
  let errors = 0;
  for (const finding of findings) {
    byKind[finding.kind] = (byKind[finding.kind] ?? 0) + 1;
    if (finding.severity === 'error') errors++;
  }
  return { errors, warnings: findings.length - errors, filesChecked, durationMs: Math.round(durationMs), byKind };
}

export function summaryLine(summary: ReportSummary): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const status = summary.errors === 0 ? 'no broken imports' : plural(summary.errors, 'error');
  const warnings = summary.warnings ? `, ${plural(summary.warnings, 'warning')}` : '';
  return `verify-imports: ${status}${warnings} in ${plural(summary.filesChecked, 'file')} (${summary.durationMs} ms)`;
}

/** The human message with its suggestion, shared by the text and github formats. */
export function messageWithSuggestion(finding: Finding): string {
  return finding.suggestion ? `${finding.message}  (did you mean \`${finding.suggestion}\`?)` : finding.message;
}
