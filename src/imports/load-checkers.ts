/**
 * Loads the language checkers lazily, so `--lang py` never loads the TS
 * checker. The TS checker is optional at run time: while it is absent the
 * TS files are simply not checked.
 */
import type { Lang, LanguageChecker } from './model.js';

export async function loadCheckers(langs: readonly Lang[]): Promise<LanguageChecker[]> {
  const checkers: LanguageChecker[] = [];
  if (langs.includes('py')) {
    const { pythonChecker } = await import('./python/index.js');
    checkers.push(pythonChecker);
  }
  if (langs.includes('ts')) {
    // A non-literal specifier: the TS checker is built separately and may not exist yet.
    const specifier = './ts/index.js';
    try {
      const module = (await import(specifier)) as { typeScriptChecker?: LanguageChecker };
      if (module.typeScriptChecker) checkers.push(module.typeScriptChecker);
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes('ts/index');
      if (!missing) throw error;
    }
  }
  return checkers;
}
