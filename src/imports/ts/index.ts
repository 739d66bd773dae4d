/** The TS/JS language checker of `netra verify-imports`. */
import type { LanguageChecker } from '../model.js';
import { checkTypeScript } from './checker.js';

export const typeScriptChecker: LanguageChecker = {
  lang: 'ts',
  check: checkTypeScript,
};

export { checkTypeScript } from './checker.js';
export { parseModule } from './parse-module.js';
export type { ImportRecord, ModuleInfo } from './module-info.js';
