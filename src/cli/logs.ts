import chalk from 'chalk';
import { once } from 'node:events';
import type { Command } from 'commander';
import type { LogQuery, ReadRecord } from '../logs/index.js';
import type { GlobalOptions } from './output.js';

interface LogsFlags {
  follow?: boolean;
  tail?: string;
  since?: string;
  grep?: string;
  stream?: string;
  level?: string;
  json?: boolean;
  prefix: boolean;
}

/** `netra logs [services...]`: reads `.netra/logs/`, with or without a running stack. */
export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description('show service logs from .netra/logs, merged in time order')
    .argument('[services...]', 'services to show (default: all)')
    .option('-f, --follow', 'keep printing new lines, across rotations and restarts, until Ctrl+C')
    .option('-n, --tail <N>', 'last N lines per service, or "all" (default 100; all with --since)')
    .option('--since <time>', 'only lines since a duration ago (10m, 1h30m, 2d) or an ISO date/time')
    .option('--grep <regex>', 'only lines whose text matches the regular expression')
    .option('--stream <stream>', 'only lines of stdout, stderr or netra')
    .option('--level <level>', 'only lines of this level or above (trace, debug, info, warn, error, fatal)')
    .option('--json', 'print one JSON object per line, the log file format')
    .option('--no-prefix', 'print lines without the service name')
    .action(async (services: string[], _flags: LogsFlags, command: Command) => {
      await runLogs(services, command.optsWithGlobals<LogsFlags & GlobalOptions>());
    });
}

async function runLogs(services: string[], flags: LogsFlags & GlobalOptions): Promise<void> {
  const { resolve, join } = await import('node:path');
  const logs = await import('../logs/index.js');
  const { findProjectRoot } = await import('../config/index.js');
  const cwd = resolve(flags.cwd ?? process.cwd());
  const root = findProjectRoot({ cwd, ...(flags.config ? { configPath: flags.config } : {}) }) ?? cwd;
  const logDir = join(root, '.netra', 'logs');
  const query: LogQuery = {
    logDir,
    services,
    knownServices: await logs.servicesFromState(join(root, '.netra', 'state.json')),
    ...(flags.tail !== undefined ? { tail: logs.parseTail(flags.tail) } : {}),
    ...(flags.since !== undefined ? { since: logs.parseSince(flags.since) } : {}),
    ...(flags.grep !== undefined ? { grep: logs.parseGrep(flags.grep) } : {}),
    ...(flags.stream !== undefined ? { stream: logs.parseStreamFlag(flags.stream) } : {}),
    ...(flags.level !== undefined ? { level: logs.parseLevelFlag(flags.level) } : {}),
  };
  if (services.length > 0) query.knownServices = [...(query.knownServices ?? []), ...(await configServices(cwd, flags))];
  const shown = services.length > 0 ? services : await logs.listLogServices(logDir);
  const render = await createRenderer({ json: flags.json === true, prefix: flags.prefix, services: shown });
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.stdout.on('error', stop); // EPIPE: the reader (e.g. `head`) is gone
  if (flags.follow) {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  try {
    const batches = flags.follow ? logs.followLogs(query, controller.signal) : logs.readLogs(query);
    for await (const batch of batches) {
      if (controller.signal.aborted) break;
      await render(batch as ReadRecord[]);
    }
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    process.stdout.removeListener('error', stop);
  }
}

/** Services of the config, so a configured service that has not logged yet is not "unknown". */
async function configServices(cwd: string, flags: GlobalOptions): Promise<string[]> {
  try {
    const { loadConfig } = await import('../config/index.js');
    const config = await loadConfig({ cwd, ...(flags.config ? { configPath: flags.config } : {}) });
    return Object.keys(config.services);
  } catch {
    return []; // no config, or a broken one: the log files alone decide
  }
}

interface RenderOptions {
  json: boolean;
  prefix: boolean;
  services: readonly string[];
}

const palette = [chalk.cyan, chalk.magenta, chalk.green, chalk.blue, chalk.cyanBright, chalk.magentaBright, chalk.greenBright, chalk.blueBright];

/**
 * Turns record batches into terminal text: `--json` prints the file lines
 * as they are; otherwise `<service padded> | <line>` with a color per
 * service, netra's own lines marked, error and warning lines highlighted.
 * Writes honour stdout backpressure so a slow reader bounds memory.
 */
async function createRenderer(options: RenderOptions): Promise<(batch: readonly ReadRecord[]) => Promise<void>> {
  const { detectAlertLevel } = await import('../logs/index.js'); // lazy: keeps `netra --help` fast
  const color = chalk.level > 0;
  const prefixes = new Map<string, string>();
  const colors = new Map<string, number>();
  let width = Math.max(0, ...options.services.map((name) => name.length));
  const prefixOf = (service: string): string => {
    let prefix = prefixes.get(service);
    if (prefix === undefined) {
      if (service.length > width) {
        width = service.length;
        prefixes.clear();
      }
      if (!colors.has(service)) colors.set(service, colors.size);
      const paint = palette[(colors.get(service) ?? 0) % palette.length] ?? chalk.bold;
      prefix = `${paint(service.padEnd(width))} ${chalk.dim('|')} `;
      prefixes.set(service, prefix);
    }
    return prefix;
  };
  const body = (record: ReadRecord): string => {
    const text = record.stream === 'netra' ? `${chalk.dim('netra ›')} ${record.line}` : record.line;
    if (!color) return text;
    const level = detectAlertLevel(record.line);
    if (level === 'error' || level === 'fatal') return chalk.red(text);
    if (level === 'warn') return chalk.yellow(text);
    return text;
  };
  return async (batch) => {
    let text = '';
    if (options.json) for (const record of batch) text += `${record.raw}\n`;
    else if (options.prefix) for (const record of batch) text += `${prefixOf(record.service)}${body(record)}\n`;
    else for (const record of batch) text += `${body(record)}\n`;
    if (text.length === 0 || process.stdout.destroyed) return;
    // Full: either it drains or it breaks (once() rejects on 'error'); both let the follower go on.
    if (!process.stdout.write(text)) await once(process.stdout, 'drain').catch(() => undefined);
  };
}
