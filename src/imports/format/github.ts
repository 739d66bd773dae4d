import type { Finding } from '../model.js';
import { messageWithSuggestion } from './summary.js';

/** GitHub Actions workflow commands: annotations on the pull request's diff. */
export function renderGithub(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const properties = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(f.kind)}`;
      return `::${f.severity === 'error' ? 'error' : 'warning'} ${properties}::${escapeData(messageWithSuggestion(f))}\n`;
    })
    .join('');
}

// The escapes of @actions/core's command.ts.
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
