/**
 * `netra dev up|down|status|restart`. Turns flags into options, runs the
 * library, renders, and maps the outcome to the exit codes of CLI.md.
 * Signals are handled here: the first Ctrl+C / SIGTERM / SIGHUP starts the
 * graceful shutdown, a second one kills everything at once (130 / 143).
 */
import type { Command } from 'commander';
import { NetraError } from '../shared/errors.js';
import type { GlobalOptions } from './output.js';

interface DevUpFlags {
  only?: string;
  skip?: string;
  watch: boolean;
  cache: boolean;
  timeout?: string;
  exitWhenReady?: boolean;
  detach?: boolean;
}

export function registerDevCommands(program: Command): void {
  const dev = program.command('dev').description('run the stack of launcher.config.ts');
  dev
    .command('up')
    .description('start the services (all when none named) and their dependencies, stream their logs')
    .argument('[services...]', 'services to start, with their dependencies')
    .option('--only <names>', 'start exactly these services (comma-separated), not their dependencies')
    .option('--skip <names>', 'leave these services out (comma-separated)')
    .option('--no-watch', 'do not restart services when their watched files change')
    .option('--no-cache', 'run every setup step even when its inputs did not change')
    .option('--timeout <seconds>', 'readiness budget per service')
    .option('--exit-when-ready', 'exit 0 once everything is ready, stopping it all')
    .option('-d, --detach', 'run the supervisor in the background')
    .action(async (services: string[], flags: DevUpFlags, command: Command) => {
      const { runDevUpCommand } = await import('./dev-up-command.js');
      process.exitCode = await runDevUpCommand(services, parseFlags(flags), command.optsWithGlobals<GlobalOptions>());
    });
  dev
    .command('status')
    .description('show the services of the running stack')
    .option('--json', 'print the status as JSON')
    .option('-n, --lines <n>', 'also show the last n log lines of each service', '0')
    .action(async (flags: { json?: boolean; lines: string }, command: Command) => {
      const { runStatus } = await import('./dev-control-command.js');
      const lines = Number(flags.lines);
      if (!Number.isInteger(lines) || lines < 0) throw new NetraError('USAGE', `--lines: expected a number, got "${flags.lines}"`);
      process.exitCode = await runStatus(command.optsWithGlobals<GlobalOptions>(), { json: flags.json ?? false, lines });
    });
  dev
    .command('down')
    .description('stop the running stack')
    .action(async (_flags: unknown, command: Command) => {
      const { runDown } = await import('./dev-control-command.js');
      process.exitCode = await runDown(command.optsWithGlobals<GlobalOptions>());
    });
  dev
    .command('restart')
    .description('restart one service of the running stack')
    .argument('<service>', 'the service to restart')
    .action(async (service: string, _flags: unknown, command: Command) => {
      const { runRestart } = await import('./dev-control-command.js');
      process.exitCode = await runRestart(command.optsWithGlobals<GlobalOptions>(), service);
    });
}

export interface DevUpCommandOptions {
  only: string[] | undefined;
  skip: string[] | undefined;
  watch: boolean;
  cache: boolean;
  readyTimeout: number | undefined;
  exitWhenReady: boolean;
  detach: boolean;
}

function parseFlags(flags: DevUpFlags): DevUpCommandOptions {
  let readyTimeout: number | undefined;
  if (flags.timeout !== undefined) {
    const seconds = Number(flags.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new NetraError('USAGE', `--timeout: expected a number of seconds, got "${flags.timeout}"`);
    }
    readyTimeout = Math.round(seconds * 1000);
  }
  return {
    only: splitList(flags.only),
    skip: splitList(flags.skip),
    watch: flags.watch,
    cache: flags.cache,
    readyTimeout,
    exitWhenReady: flags.exitWhenReady ?? false,
    detach: flags.detach ?? false,
  };
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
