/** The Python language checker of verify-imports. */
import type { LanguageChecker } from '../model.js';
import { checkPython, checkPythonCritical } from './checker.js';

export const pythonChecker: LanguageChecker = {
  lang: 'py',
  check: checkPython,
  checkCritical: checkPythonCritical,
};

export { parseModule } from './parse.js';
export type { ModuleInfo, PyImport, Guard } from './module-info.js';
