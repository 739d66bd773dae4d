/**
 * The commander program and the only error boundary of netra (STYLE.md
 * §3.2): every command's action throws typed errors or returns an exit code;
 * this file prints them and sets the exit code. Command modules import their
 * library code lazily so `netra --help` stays fast. Loaded by main.ts.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { ExitCode, isNetraError } from '../shared/errors.js';
import { registerDevCommands } from './dev.js';
import { registerLogsCommand } from './logs.js';
import { registerEventsCommands } from './events.js';
import { registerVerifyImportsCommand } from './verify-imports.js';
import { registerCacheCommands } from './cache.js';
import { registerDoctorCommand } from './doctor.js';
import { registerAlertsCommand } from './alerts.js';
import { printError } from './output.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function buildProgram(): Command {
  const program = new Command('netra')
    .description('The dev launcher for multi-service AI chat apps')
    .version(pkg.version)
    .option('--config <file>', 'the launcher config file (default: launcher.config.ts found walking up)')
    .option('--cwd <dir>', 'run as if started in this directory')
    .option('--no-color', 'disable colors')
    .showSuggestionAfterError()
    .exitOverride();
  program.hook('preAction', (thisCommand) => {
    const opts = thisCommand.opts<{ color?: boolean }>();
    if (opts.color === false) process.env['NO_COLOR'] = '1';
  });
  registerDevCommands(program);
  registerLogsCommand(program);
  registerEventsCommands(program);
  registerVerifyImportsCommand(program);
  registerCacheCommands(program);
  registerDoctorCommand(program);
  registerAlertsCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" with exit code 0 under exitOverride.
      process.exitCode = error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      return;
    }
    printError(error);
    process.exitCode = isNetraError(error) ? error.exitCode : ExitCode.failed;
  }
}

