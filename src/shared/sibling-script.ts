import { fileURLToPath } from 'node:url';

/**
 * A script next to the calling module, run in its own process or worker:
 * the compiled `.js` sibling from dist/, or the `.ts` sibling when netra runs
 * from its sources (tests), which then needs jiti's loader — resolved from
 * netra's own node_modules, since a bare specifier would resolve from the
 * child's cwd.
 */
export function siblingScript(moduleUrl: string, name: string): { file: string; execArgv: string[] } {
  const ts = moduleUrl.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}${ts ? '.ts' : '.js'}`, moduleUrl));
  return { file, execArgv: ts ? ['--import', import.meta.resolve('jiti/register')] : [] };
}
