// Generates a realistic TypeScript repository for bench/imports.mjs: modules
// in folders with barrels (index.ts, `export *`), named/default/type imports,
// path aliases, npm dependencies declared in package.json (not installed) and
// a known set of broken imports.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** @returns {{ files: number, broken: Array<{ file: string, line: number, what: string }> }} */
export function generateTsTree(root, { folders = 40, filesPerFolder = 50 } = {}) {
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'bench-app', type: 'module', private: true, dependencies: {} }, null, 2));
  write('tsconfig.json', JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
      skipLibCheck: true, types: [], baseUrl: '.', paths: { '@app/*': ['src/*'] },
    },
    include: ['src'],
  }, null, 2));
  const broken = [];
  let files = 0;
  for (let f = 0; f < folders; f++) {
    const barrel = [];
    for (let m = 0; m < filesPerFolder; m++) {
      const path = `src/f${f}/m${m}.ts`;
      const lines = [`/**`, ` * Module ${f}/${m}, generated. import { nothing } from './not-an-import.js' in a comment.`, ` */`];
      if (f > 0) {
        const g = (f * 7 + m) % f;
        const n = (m * 3) % filesPerFolder;
        lines.push(`import { Model${n}, helper${n} } from '../f${g}/m${n}.js';`);
        lines.push(`import type { Shape${n} } from '../f${g}/index.js';`);
        if (m % 4 === 0) lines.push(`import * as ns${g} from '@app/f${g}/m${(n + 1) % filesPerFolder}.js';`);
      }
      if (m > 0) lines.push(`import { helper${m - 1} as previous } from './m${m - 1}.js';`);
      lines.push('', `export interface Shape${m} {`, '  id: string;', '  values: number[];', '}', '');
      for (let c = 0; c < 3; c++) {
        const name = c === 0 ? `Model${m}` : `Model${m}Part${c}`;
        lines.push(`export class ${name} implements Shape${m} {`, `  id = 'model-${f}-${m}-${c}';`, '  values: number[] = [];', '');
        lines.push('  describe(verbose = false): Record<string, unknown> {', '    const result: Record<string, unknown> = { id: this.id, count: this.values.length };');
        lines.push("    if (verbose) result['detail'] = `${this.id}: ${this.values.reduce((a, b) => a + b, 0)} items; import x from 'y'`;", '    return result;', '  }', '}', '');
      }
      lines.push(`export function helper${m}(value: number): number {`, '  let total = 0;', '  for (let i = 0; i < value; i++) total += i * 2;');
      if (m > 0) lines.push('  total += previous(1);');
      if (f > 0) lines.push(`  total += helper${(m * 3) % filesPerFolder}(1) + new Model${(m * 3) % filesPerFolder}().values.length;`);
      lines.push('  return total;', '}', '', `export default Model${m};`, '');
      if (f === 3 && m === 5) broken.push({ file: path, line: lines.push("import { MissingName } from '../f1/m2.js';"), what: 'missing export' });
      if (f === 5 && m === 7) broken.push({ file: path, line: lines.push("import { x } from '../f2/nonexistent.js';"), what: 'missing file' });
      if (f === 7 && m === 3) broken.push({ file: path, line: lines.push("import gone from './gone.js';"), what: 'missing relative file' });
      if (f === 9 && m === 11) broken.push({ file: path, line: lines.push("import { helper9 } from '@app/f6/m8.js';"), what: 'misspelt export via alias' });
      if (f === 11 && m === 2) broken.push({ file: path, line: lines.push("import { Model12Part9 } from '../f8/index.js';"), what: 'missing export via barrel' });
      write(path, `${lines.join('\n')}\n`);
      files++;
      barrel.push(`export * from './m${m}.js';`);
    }
    write(`src/f${f}/index.ts`, `${barrel.join('\n')}\n`);
    files++;
  }
  return { files, broken };
}
