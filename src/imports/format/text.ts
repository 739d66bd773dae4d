import type { Finding } from '../model.js';
import { messageWithSuggestion } from './summary.js';

/** `path:line:col  kind  message  (did you mean …?)`, one finding a line (../shared/CLI.md). */
export function renderText(findings: readonly Finding[]): string {
  // One finding a line, always: grep and editors' problem matchers rely on it.
  return findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.kind}  ${messageWithSuggestion(f).replace(/\r?\n/g, ' ')}\n`).join('');
}
