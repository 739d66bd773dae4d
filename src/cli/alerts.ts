import chalk from 'chalk';
import type { Command } from 'commander';
import type { AlertRecord } from '../alerts/index.js';
import type { GlobalOptions } from './output.js';

interface AlertsFlags {
  follow?: boolean;
  json?: boolean;
  active?: boolean;
  tail?: string;
}

/** `netra alerts [--follow] [--json]`: reads `.netra/alerts.jsonl`, with or without a running stack. */
export function registerAlertsCommand(program: Command): void {
  program
    .command('alerts')
    .description('show the alerts of this project (.netra/alerts.jsonl): what fired, what resolved, what is still firing')
    .option('-f, --follow', 'keep printing new alerts until Ctrl+C')
    .option('--json', 'print one JSON object per line, the file format')
    .option('--active', 'only alerts still firing')
    .option('-n, --tail <N>', 'only the last N records (default: all)')
    .action(async (_flags: AlertsFlags, command: Command) => {
      await runAlerts(command.optsWithGlobals<AlertsFlags & GlobalOptions>());
    });
}

async function runAlerts(flags: AlertsFlags & GlobalOptions): Promise<void> {
  const { resolve, join } = await import('node:path');
  const alerts = await import('../alerts/index.js');
  const { findProjectRoot } = await import('../config/index.js');
  const { NetraError } = await import('../shared/errors.js');
  let tail: number | undefined;
  if (flags.tail !== undefined) {
    tail = Number(flags.tail);
    if (!Number.isInteger(tail) || tail < 0) throw new NetraError('USAGE', `--tail must be a whole number, got "${flags.tail}"`);
  }
  const cwd = resolve(flags.cwd ?? process.cwd());
  const root = findProjectRoot({ cwd, ...(flags.config ? { configPath: flags.config } : {}) }) ?? cwd;
  const path = alerts.alertsFilePath(join(root, '.netra'));
  const render = (record: AlertRecord): string => (flags.json ? JSON.stringify(record) : formatRecord(record));

  const { records: all, offset } = await alerts.readAlertsWithOffset(path);
  let records = flags.active ? alerts.stillFiring(all) : all;
  if (tail !== undefined) records = tail === 0 ? [] : records.slice(-tail);
  if (records.length > 0) process.stdout.write(`${records.map(render).join('\n')}\n`);
  if (!flags.json && !flags.follow) {
    const firing = alerts.stillFiring(all).length;
    process.stderr.write(chalk.dim(`${firing === 0 ? 'no alert firing' : `${firing} alert${firing === 1 ? '' : 's'} firing`} (${path})\n`));
  }
  if (!flags.follow) return;

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.once('error', stop); // EPIPE: the reader is gone
  try {
    for await (const batch of alerts.followAlerts(path, controller.signal, offset)) {
      const shown = flags.active ? batch.filter((record) => record.state === 'firing') : batch;
      if (shown.length > 0) process.stdout.write(`${shown.map(render).join('\n')}\n`);
    }
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    process.stdout.removeListener('error', stop);
  }
}

const severityStyle = { info: chalk.cyan, warning: chalk.yellow, error: chalk.red, critical: chalk.magenta } as const;

/** `2026-11-26 04:52:13  ▲ error    crash-loop  api  message` */
function formatRecord(record: AlertRecord): string {
  const time = record.ts.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const subject = record.service ?? (record.threadId === undefined ? '-' : `thread ${record.threadId}${record.runId ? ` run ${record.runId}` : ''}`);
  const paint = severityStyle[record.severity] ?? chalk.white;
  const mark = record.state === 'firing' ? paint(`▲ ${record.severity.padEnd(8)}`) : chalk.green(`✓ ${'resolved'.padEnd(8)}`);
  const count = record.state === 'firing' || record.count === undefined || record.count <= 1 ? '' : chalk.dim(` (×${record.count})`);
  return `${chalk.dim(time)}  ${mark}  ${chalk.bold(record.rule.padEnd(16))}  ${subject}  ${record.message}${count}`;
}
