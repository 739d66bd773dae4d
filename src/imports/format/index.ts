/** The four output formats of verify-imports; each renders the same findings. */
import type { VerifyReport } from '../index.js';
import { NetraError } from '../../shared/errors.js';
import { renderGithub } from './github.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';
import { summarize, summaryLine } from './summary.js';

export const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (FORMATS as readonly string[]).includes(value);
}

export interface RenderedReport {
  /** The machine- or human-readable findings. */
  stdout: string;
  /** The human summary line (empty for json and sarif, whose stdout is the whole document). */
  stderr: string;
}

export function renderReport(report: VerifyReport, format: ReportFormat, version = '0.0.0'): RenderedReport {
  const summary = summarize(report.findings, report.filesChecked, report.durationMs);
  switch (format) {
    case 'text':
      return { stdout: renderText(report.findings), stderr: `${summaryLine(summary)}\n` };
    case 'github':
      return { stdout: renderGithub(report.findings), stderr: `${summaryLine(summary)}\n` };
    case 'json':
      return { stdout: `${JSON.stringify({ findings: report.findings, summary }, null, 2)}\n`, stderr: '' };
    case 'sarif':
      return { stdout: renderSarif(report.findings, version), stderr: '' };
    default:
      throw new NetraError('USAGE', `unknown format ${String(format)}`);
  }
}

export { summarize, summaryLine } from './summary.js';
export type { ReportSummary } from './summary.js';
