import { describe, expect, it } from 'vitest';
import { walkSourceFiles } from '../../../src/imports/walk/walker.js';
import { globMatcher } from '../../../src/imports/walk/glob.js';
import { memoryFs } from './memory-fs.js';

const rel = (files: string[]): string[] => files.map((file) => file.slice('/repo/'.length));

describe('walkSourceFiles', () => {
  it('honours nested .gitignore files, negations and folder-only rules', async () => {
    const fs = memoryFs({
      '/repo/.gitignore': '# comment\n*.log\nbuild/\n/generated.py\n!keep/generated.py\nsecret*\n!secret_ok.py\n',
      '/repo/app.py': '',
      '/repo/generated.py': '',
      '/repo/keep/generated.py': '',
      '/repo/build/out.py': '',
      '/repo/sub/build.py': '',
      '/repo/secret_a.py': '',
      '/repo/secret_ok.py': '',
      '/repo/sub/.gitignore': 'local_only.py\n!/reincluded.js\n',
      '/repo/sub/local_only.py': '',
      '/repo/sub/deeper/local_only.py': '',
      '/repo/sub/ok.ts': '',
      '/repo/other/local_only.py': '',
    });
    const files = await walkSourceFiles({ root: '/repo', fs });
    expect(rel(files.py)).toEqual(['app.py', 'keep/generated.py', 'other/local_only.py', 'secret_ok.py', 'sub/build.py']);
    expect(rel(files.ts)).toEqual(['sub/ok.ts']);
  });

  it('skips vendored, tool and virtualenv folders whatever .gitignore says', async () => {
    const fs = memoryFs({
      '/repo/a.py': '',
      '/repo/node_modules/x/index.js': '',
      '/repo/.venv/lib/site.py': '',
      '/repo/myenv/pyvenv.cfg': '',
      '/repo/myenv/lib/thing.py': '',
      '/repo/vendor/lib.py': '',
      '/repo/pkg/_vendor/six.py': '',
      '/repo/.git/hooks/x.py': '',
      '/repo/.netra/x.js': '',
      '/repo/dist/keep.js': '',
      '/repo/src/__pycache__/a.py': '',
    });
    const files = await walkSourceFiles({ root: '/repo', fs });
    expect(rel(files.py)).toEqual(['a.py']);
    expect(rel(files.ts)).toEqual(['dist/keep.js']);
  });

  it('walks only the given paths, with the .gitignore rules of their parents, and extra ignore globs', async () => {
    const fs = memoryFs({
      '/repo/.gitignore': 'tmp_*\n',
      '/repo/a/x.py': '',
      '/repo/a/tmp_y.py': '',
      '/repo/a/gen/z.py': '',
      '/repo/b/w.py': '',
    });
    const files = await walkSourceFiles({ root: '/repo', paths: ['/repo/a'], ignore: ['a/gen'], fs });
    expect(rel(files.py)).toEqual(['a/x.py']);
  });

  it('splits languages by extension, declaration files included', async () => {
    const fs = memoryFs(Object.fromEntries(
      ['a.py', 'b.pyi', 'c.ts', 'd.tsx', 'e.mts', 'f.cts', 'g.js', 'h.jsx', 'i.mjs', 'j.cjs', 'k.d.ts', 'l.json', 'm.pyc', 'README.md'].map((name) => [`/repo/${name}`, '']),
    ));
    const files = await walkSourceFiles({ root: '/repo', fs });
    expect(rel(files.py)).toEqual(['a.py', 'b.pyi']);
    expect(rel(files.ts)).toEqual(['c.ts', 'd.tsx', 'e.mts', 'f.cts', 'g.js', 'h.jsx', 'i.mjs', 'j.cjs', 'k.d.ts']);
  });
});

describe('globMatcher', () => {
  it('matches files and folders, anchored when the glob has a slash', () => {
    expect(globMatcher('src/**/*.py')('src/a/b/c.py')).toBe(true);
    expect(globMatcher('src/**/*.py')('src/c.py')).toBe(true);
    expect(globMatcher('src/*.py')('src/a/c.py')).toBe(false);
    expect(globMatcher('tests')('pkg/tests/x.py')).toBe(true);
    expect(globMatcher('src/dev')('src/dev/x.py')).toBe(true);
    expect(globMatcher('src/dev')('other/src/dev/x.py')).toBe(false);
    expect(globMatcher('*.{ts,tsx}')('a/b.tsx')).toBe(true);
  });
});
