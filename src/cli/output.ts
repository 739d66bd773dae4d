/** Rendering of errors and human messages for every command. Only cli/ prints. */
import chalk from 'chalk';
import { errorMessage, isNetraError } from '../shared/errors.js';

export function printError(error: unknown): void {
  if (isNetraError(error)) {
    const lines = [`${chalk.red('error')} ${error.message}`];
    for (const detail of error.details) lines.push(`  ${detail}`);
    if (error.hint) lines.push(`${chalk.dim('hint:')} ${error.hint}`);
    process.stderr.write(`${lines.join('\n')}\n`);
    return;
  }
  const stack = error instanceof Error && error.stack ? error.stack : errorMessage(error);
  process.stderr.write(
    `${chalk.red('internal error')} ${errorMessage(error)}\n${chalk.dim(stack)}\n` +
      'This is a bug in netra: please report it with the output above.\n',
  );
}

/** Global options every command can read through `command.optsWithGlobals()`. */
export interface GlobalOptions {
  config?: string;
  cwd?: string;
  color?: boolean;
}
