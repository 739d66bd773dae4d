/**
 * CI gate: `netra verify-imports` passes on netra's own repository, with the
 * dependency rules of STYLE.md declared as boundaries in launcher.config.ts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('netra verify-imports passes on this repository (boundaries included)', async () => {
  const result = await promisify(execFile)(process.execPath, ['bin/netra.js', 'verify-imports', '--format', 'json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
  const report = JSON.parse(result.stdout) as { findings: { kind: string; severity: string; file: string; message: string }[] };
  expect(report.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  expect('code' in result ? result.code : 0).toBe(0);
});
