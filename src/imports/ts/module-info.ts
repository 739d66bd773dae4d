/** What the parser learns about one TS/JS file: its imports and what it exports. */

export type ImportKind =
  /** `import … from 'x'` */
  | 'static'
  /** `import 'x'` */
  | 'side-effect'
  /** `export { a } from 'x'` */
  | 'reexport'
  /** `export * from 'x'` */
  | 'star'
  /** `export * as ns from 'x'` */
  | 'namespace-reexport'
  /** `import('x')` */
  | 'dynamic'
  /** `require('x')` */
  | 'require'
  /** `import x = require('x')` */
  | 'import-equals';

export interface ImportedName {
  /** The name in the target module (`default` for default imports). */
  name: string;
  /** Offset of the name in the source. */
  start: number;
  /** 1-based position of the name. */
  line: number;
  column: number;
  typeOnly: boolean;
}

export interface ImportRecord {
  /** The specifier as written (literal content). */
  specifier: string;
  /** Offset of the specifier literal (its quote). */
  start: number;
  /** 1-based position of the specifier literal. */
  line: number;
  column: number;
  kind: ImportKind;
  /** `import type`, `export type … from`, all-`type` specifiers, or `typeof import()`. */
  typeOnly: boolean;
  /** Names the target must export; empty for namespace, side-effect, dynamic and CommonJS forms. */
  names: ImportedName[];
}

/** `export { imported as exported } from …` or `export * as exported from …` (imported `*`). */
export interface ReExport {
  exported: string;
  imported: string;
  /** Index of the import record it comes from. */
  record: number;
}

export interface ModuleInfo {
  imports: ImportRecord[];
  /** Names declared here and exported (including `default`). */
  localExports: Set<string>;
  reExports: ReExport[];
  /** Indices of `export * from` records. */
  stars: number[];
  /** `export =`, CommonJS, or JS without module syntax: exported names cannot be known statically. */
  opaqueExports: boolean;
  /** Names of ambient `declare module 'x'` blocks (may contain a `*` wildcard). */
  ambientModules: string[];
}
