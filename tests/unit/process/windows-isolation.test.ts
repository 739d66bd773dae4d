import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every project file windows.ts reaches through relative imports (type-only ones included). */
function reachable(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/from\s+'(\.[^']+)\.js'/g)) {
      queue.push(join(dirname(file), `${match[1]}.ts`));
    }
  }
  return [...seen].map((file) => relative(root, file).replaceAll('\\', '/')).sort();
}

describe('the Windows code path', () => {
  it('reaches no POSIX-only code (posix.ts, process groups, /proc)', () => {
    const files = reachable(join(root, 'src/process/windows.ts'));
    expect(files).toContain('src/process/windows-shim.ts');
    expect(files).not.toContain('src/process/posix.ts');
    expect(files).not.toContain('src/shared/proc-info.ts');
    for (const file of files) expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/tree-kill|\/proc\//);
  });
});
