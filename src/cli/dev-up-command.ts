/** The action of `netra dev up`, loaded lazily so `netra --help` stays fast. */
import chalk from 'chalk';
import { loadConfig } from '../config/index.js';
import { ExitCode } from '../shared/errors.js';
import { detachDevUp, startDevUp } from '../supervisor/index.js';
import { shutdownSignals } from '../process/index.js';
import { currentPlatform } from '../shared/platform.js';
import { formatTimeline, isTimelineEnabled, mark } from '../shared/timeline.js';
import type { DevUpCommandOptions } from './dev.js';
import { showStartup, isInteractive } from './dev-up-view.js';
import { GateStream } from './gate-stream.js';
import type { GlobalOptions } from './output.js';

const FORCED_EXIT: Record<string, number> = {
  SIGINT: ExitCode.forcedSigint,
  SIGTERM: ExitCode.forcedSigterm,
  SIGHUP: 129,
  // Windows: Ctrl+Break.
  SIGBREAK: 149,
};

export async function runDevUpCommand(
  services: string[],
  options: DevUpCommandOptions,
  globals: GlobalOptions,
): Promise<number> {
  mark('dev up command loaded');
  if (isTimelineEnabled()) process.once('exit', () => process.stderr.write(formatTimeline()));
  const config = await loadConfig({ ...(globals.cwd ? { cwd: globals.cwd } : {}), ...(globals.config ? { configPath: globals.config } : {}) });
  mark('config loaded');
  const warn = (message: string): void => void process.stderr.write(`${chalk.yellow('warning')} ${message}\n`);
  for (const warning of config.warnings) warn(warning);

  if (options.detach) return detach(config.stateDir, config.root);

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
  // Windows: Node maps Ctrl+C→SIGINT, Ctrl+Break→SIGBREAK, console close→SIGHUP; SIGTERM is never raised there.
  const handled: NodeJS.Signals[] = [...shutdownSignals(currentPlatform())];
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

/** Re-runs this very command without --detach in the background; exits once the stack is ready. */
async function detach(stateDir: string, root: string): Promise<number> {
  const args = process.argv.slice(2).filter((arg) => arg !== '-d' && arg !== '--detach');
  const result = await detachDevUp({ stateDir, entry: process.argv[1] ?? '', args, cwd: process.cwd() });
  if (!result.ok) {
    process.stderr.write(`${chalk.red('error')} the detached stack did not come up (exit ${result.exitCode}):\n${result.logTail}\n`);
    return result.exitCode;
  }
  const names = Object.values(result.services).map((s) => `${s.name}${s.port ? `:${s.port}` : ''}`);
  process.stderr.write(
    `${chalk.green('ready')} netra pid ${result.pid} runs ${names.join(', ')} in the background (${root})\n` +
      `  logs: netra logs --follow   status: netra dev status   stop: netra dev down\n`,
  );
  return ExitCode.ok;
}
