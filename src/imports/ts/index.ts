/** The TS/JS language checker of `netra verify-imports`. */
import type { LanguageChecker } from '../model.js';
import { checkTypeScript, checkTypeScriptCritical } from './checker.js';

export const typeScriptChecker: LanguageChecker = {
  lang: 'ts',
  check: checkTypeScript,
  checkCritical: checkTypeScriptCritical,
};

export { parseModule } from './parse-module.js';
export type { ImportRecord, ModuleInfo } from './module-info.js';
