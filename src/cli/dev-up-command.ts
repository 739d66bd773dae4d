/** The action of `netra dev up`, loaded lazily so `netra --help` stays fast. */
import chalk from 'chalk';
import { loadConfig } from '../config/index.js';
import { ExitCode, NetraError } from '../shared/errors.js';
import { startDevUp } from '../supervisor/index.js';
import type { DevUpCommandOptions } from './dev.js';
import { showStartup, isInteractive } from './dev-up-view.js';
import { GateStream } from './gate-stream.js';
import type { GlobalOptions } from './output.js';

const FORCED_EXIT: Record<string, number> = { SIGINT: ExitCode.forcedSigint, SIGTERM: ExitCode.forcedSigterm, SIGHUP: 129 };

export async function runDevUpCommand(
  services: string[],
  options: DevUpCommandOptions,
  globals: GlobalOptions,
): Promise<number> {
  if (options.detach) {
    throw new NetraError('USAGE', '--detach is not available yet', { hint: 'run `netra dev up` in its own terminal' });
  }
  const config = await loadConfig({ ...(globals.cwd ? { cwd: globals.cwd } : {}), ...(globals.config ? { configPath: globals.config } : {}) });
  const warn = (message: string): void => void process.stderr.write(`${chalk.yellow('warning')} ${message}\n`);
  for (const warning of config.warnings) warn(warning);

  const interactive = isInteractive();
  const stdout = new GateStream(process.stdout, { open: !interactive });
  const stderr = new GateStream(process.stderr, { open: !interactive });
  const session = await startDevUp({
    config,
    services,
    ...(options.only ? { only: options.only } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.readyTimeout === undefined ? {} : { readyTimeout: options.readyTimeout }),
    exitWhenReady: options.exitWhenReady,
    watch: options.watch,
    noCache: !options.cache,
    stdout,
    stderr,
    color: chalk.level > 0,
    onWarning: warn,
  });

  let forcedBy: string | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals === 1) {
      stdout.release();
      stderr.release();
      process.stderr.write(`\n${chalk.dim('netra')} ${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping the stack (again to force)\n`);
      void session.stop();
    } else if (forcedBy === undefined) {
      forcedBy = signal;
      process.stderr.write(`${chalk.dim('netra')} forcing: killing every process now\n`);
      void session.stop(true);
    }
  };
  const handled: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of handled) process.on(signal, onSignal);
  try {
    await Promise.race([showStartup(session), session.finished]);
    const note = (bytes: number): string =>
      `${chalk.dim('netra')} ${Math.round(bytes / 1024)} KiB of start-up output are only in .netra/logs/\n`;
    stdout.release(note);
    stderr.release();
    const outcome = await session.finished;
    if (forcedBy) return FORCED_EXIT[forcedBy] ?? ExitCode.failed;
    if (outcome.reason === 'service-failed') {
      process.stderr.write(`${chalk.red('error')} ${outcome.service}: ${outcome.message}\n`);
    }
    return outcome.exitCode;
  } finally {
    for (const signal of handled) process.off(signal, onSignal);
  }
}
