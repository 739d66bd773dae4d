/** The scanner and parser alone: what counts as an import, what a module exports. */
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../../src/imports/ts/index.js';

const ts = (source: string) => parseModule(source, { isJs: false, jsx: false, tsx: false });
const tsx = (source: string) => parseModule(source, { isJs: false, jsx: true, tsx: true });
const js = (source: string) => parseModule(source, { isJs: true, jsx: true, tsx: false });
const specs = (source: string, parse = ts) => parse(source).imports.map((i) => i.specifier);
const exported = (source: string, parse = ts) => [...parse(source).localExports].sort();

describe('scanner: only code counts', () => {
  it('ignores comments, strings and templates, and finds imports inside template substitutions', () => {
    const source = [
      "// import a from 'line'",
      "/* import b from 'block' */",
      "const s = \"import c from 'string'\" + 'require(\"single\")';",
      'const t = `import d from \'template\' ${`${require(\'nested-real\')}`} ${"}"} import(\'after-brace\')`;',
      "import real from 'real';",
    ].join('\n');
    expect(specs(source)).toEqual(['nested-real', 'real']);
  });

  it('tells a regex from a division', () => {
    const source = [
      "const a = b / c; import('after-division');",
      "const r = /import('in-regex')/g; require('after-regex');",
      "if (x) /import('regex-after-if')/.test(y); require('after-if-regex');",
      "const k = [/[/]'/, x / 2 / 3]; require('after-class');",
      "const i = n++ / 2; require('after-postfix');",
      "return /'/.test(s) && require('after-return-regex');",
    ].join('\n');
    expect(specs(source)).toEqual([
      'after-division', 'after-regex', 'after-if-regex', 'after-class', 'after-postfix', 'after-return-regex',
    ]);
  });

  it('skips JSX text and attributes but reads JSX expressions', () => {
    const source = [
      "const v = <div title=\"import('attr')\" data={require('in-attr-expr')}>",
      "  don't // be /* fooled */ import('text')",
      "  {cond && <span>{require('in-child')}</span>}",
      '  <></>',
      '</div>;',
      "const id = <T,>(x: T) => x; require('after-generic-arrow');",
      "type F = <T>(x: T) => T; require('after-generic-type');",
    ].join('\n');
    expect(specs(source, tsx)).toEqual(['in-attr-expr', 'in-child', 'after-generic-arrow', 'after-generic-type']);
  });

  it('survives a realistic React component', () => {
    const source = [
      "import { useState, type ReactNode } from 'react';",
      'export function List<T extends { id: string }>({ items, render }: { items: T[]; render: (t: T) => ReactNode }) {',
      "  const [open, setOpen] = useState<boolean>(false);",
      '  const total = items.length > 0 ? items.length / 2 : 0;',
      '  for (let i = 0; i < total; i++) { if (i > 3 && i < 5) break; }',
      '  return (',
      "    <ul className={`list ${open ? 'open' : ''}`} onClick={() => setOpen((o) => !o)}>",
      "      {items.map((item) => <li key={item.id} {...item}>{render(item)} — it's {total < 3 ? 'few' : \"many\"}</li>)}",
      "      {/* require('commented') */}",
      "      <p>a > b, see https://example.com/import('x') &amp; {'<'}</p>",
      "      {open ? <Child /> : <>none</>}",
      '    </ul>',
      '  );',
      '}',
      "const Child = () => <span data-x='y'>child</span>;",
      "export const lazy = () => import('./after-component');",
    ].join('\n');
    expect(specs(source, tsx)).toEqual(['react', './after-component']);
  });

  it('does not read JSX in .ts files, where <T> is a type argument', () => {
    expect(specs("const x = <Foo>bar; const y = a < b; import('real');")).toEqual(['real']);
  });

  it('never throws on broken input', () => {
    expect(() => ts('import { a from "x\n `unterminated ${ /re')).not.toThrow();
    expect(() => tsx('<div><span>{')).not.toThrow();
  });
});

describe('parser: import forms', () => {
  it('records kind, names, type-only and positions', () => {
    const info = ts([
      "import def, { a, b as c, type T } from './m';",
      "import type { U } from './types';",
      "import { type V, type W } from './only-types';",
      "import * as ns from './ns';",
      "import './side';",
      "import x = require('./eq');",
      "const lazy = import('./lazy').then((m) => m);",
      "type Q = import('./query').Q;",
      "import type from './default-named-type';",
      "import defer * as deferred from './deferred';",
      "import source wasm from './module.wasm';",
    ].join('\n'));
    expect(info.imports.map((r) => [r.specifier, r.kind, r.typeOnly, r.names.map((n) => n.name)])).toEqual([
      ['./m', 'static', false, ['default', 'a', 'b', 'T']],
      ['./types', 'static', true, ['U']],
      ['./only-types', 'static', true, ['V', 'W']],
      ['./ns', 'static', false, []],
      ['./side', 'side-effect', false, []],
      ['./eq', 'import-equals', false, []],
      ['./lazy', 'dynamic', false, []],
      ['./query', 'dynamic', true, []],
      ['./default-named-type', 'static', false, ['default']],
      ['./deferred', 'static', false, []],
      ['./module.wasm', 'static', false, []],
    ]);
    expect(info.imports[0]).toMatchObject({ line: 1, column: 40 });
    expect(info.imports[0]?.names[2]).toMatchObject({ name: 'b', line: 1, column: 18 });
  });

  it('reads re-exports and stars', () => {
    const info = ts([
      "export { a, b as c } from './x';",
      "export type { T } from './t';",
      "export * from './star';",
      "export type * from './type-star';",
      "export * as ns from './ns';",
    ].join('\n'));
    expect(info.reExports.map((r) => [r.exported, r.imported, info.imports[r.record]?.specifier])).toEqual([
      ['a', 'a', './x'],
      ['c', 'b', './x'],
      ['T', 'T', './t'],
      ['ns', '*', './ns'],
    ]);
    expect(info.stars.map((i) => info.imports[i]?.specifier)).toEqual(['./star', './type-star']);
  });

  it('ignores member calls named like module functions', () => {
    expect(specs("loader.require('no'); obj.import('no'); import.meta.url; require.resolve('no');")).toEqual([]);
  });
});

describe('parser: exports', () => {
  it('reads every declaration form', () => {
    expect(exported([
      'export const a = f(1, 2), b: Map<string, number> = new Map<string, number>();',
      'export let c; export var d = { e: 1 };',
      'export function f() {} export function* g() {} export async function h() {}',
      'export class K {} export abstract class L {} export declare class M {}',
      'export enum E {} export const enum F {} export interface I {} export type T<X> = X;',
      'export namespace N {} export declare namespace O {} export declare const P: number;',
      'export const { q, r: s, t = 1, ...u } = o; export const [v, , w = x(1, 2), ...y] = z;',
      'const hidden = 1; export { hidden as shown, hidden };',
      'export default 42;',
      'export import Z = N.Z;',
    ].join('\n'))).toEqual([
      'E', 'F', 'I', 'K', 'L', 'M', 'N', 'O', 'P', 'T', 'Z', 'a', 'b', 'c', 'd', 'default', 'f', 'g', 'h', 'hidden',
      's', 'shown', 't', 'q', 'u', 'v', 'w', 'y',
    ].sort());
  });

  it('declares exports unknown for export =, CommonJS, and JS without module syntax', () => {
    expect(ts('const a = 1; export = a;').opaqueExports).toBe(true);
    expect(js('module.exports = { a: 1 };').opaqueExports).toBe(true);
    expect(js('exports.a = 1;').opaqueExports).toBe(true);
    expect(js('window.a = 1;').opaqueExports).toBe(true);
    expect(js('export const a = 1;').opaqueExports).toBe(false);
    expect(ts('export const a = 1;').opaqueExports).toBe(false);
  });

  it('exports every top-level declaration of a .d.ts without export declarations', () => {
    const dts = (source: string) =>
      [...parseModule(source, { isJs: false, jsx: false, tsx: false, declarationFile: true }).localExports].sort();
    expect(dts("import type { X } from 'x';\ninterface A extends X {}\ndeclare function b(): void;\ntype C = 1;"))
      .toEqual(['A', 'C', 'b']);
    expect(dts('interface A {}\nexport interface B {}\nexport {};')).toEqual(['B']);
  });

  it('collects ambient module names', () => {
    expect(ts("declare module '*.svg' { const u: string; export default u; }\ndeclare module 'x';").ambientModules)
      .toEqual(['*.svg', 'x']);
  });
});
