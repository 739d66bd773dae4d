/** `netra dev status|down|restart`: talk to the running stack's control plane. */
import chalk from 'chalk';
import { findProjectRoot } from '../config/index.js';
import { NetraError } from '../shared/errors.js';
import { delay } from '../shared/clock.js';
import { isProcessAlive } from '../shared/proc-info.js';
import { connectControl, type StackStateFile } from '../supervisor/index.js';
import type { GlobalOptions } from './output.js';
import { join } from 'node:path';

function stateDir(globals: GlobalOptions): string {
  const root = findProjectRoot({ ...(globals.cwd ? { cwd: globals.cwd } : {}), ...(globals.config ? { configPath: globals.config } : {}) });
  if (!root) {
    throw new NetraError('CONFIG_NOT_FOUND', 'no launcher.config.ts found here or in any parent folder', {
      hint: 'run this inside the project, or pass --config <file>',
    });
  }
  return join(root, '.netra');
}

type StatusBody = StackStateFile & {
  logs?: Record<string, { ts: string; stream: string; line: string }[]>;
  alerts?: { rule: string; severity: string; message: string; service?: string; since: string; count: number }[];
};

export async function runStatus(globals: GlobalOptions, options: { json: boolean; lines: number }): Promise<number> {
  const client = await connectControl(stateDir(globals));
  const { body } = await client.request<StatusBody>('GET', `/v1/status?lines=${options.lines}`);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  const now = Date.now();
  const rows = Object.values(body.services).map((s) => [
    s.name,
    s.state,
    s.pid === null ? '-' : String(s.pid),
    s.port === null ? '-' : String(s.port),
    String(s.restarts),
    s.readyAt ? formatDuration(now - Date.parse(s.readyAt)) : '-',
    s.timeToReadyMs === null ? '-' : formatDuration(s.timeToReadyMs),
  ]);
  const header = ['SERVICE', 'STATE', 'PID', 'PORT', 'RESTARTS', 'UPTIME', 'READY IN'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${chalk.bold(line(header))}\n${rows.map(line).join('\n')}\n`);
  process.stderr.write(chalk.dim(`netra dev up pid ${body.pid}, started ${body.startedAt}\n`));
  const alerts = body.alerts ?? [];
  if (alerts.length > 0) {
    process.stdout.write(`\n${chalk.bold(`active alerts (${alerts.length}):`)}\n`);
    for (const alert of alerts) {
      const color = alert.severity === 'critical' || alert.severity === 'error' ? chalk.red : chalk.yellow;
      const times = alert.count > 1 ? ` ×${alert.count}` : '';
      process.stdout.write(`  ${color(alert.severity)} ${alert.rule}${alert.service ? ` ${alert.service}` : ''}: ${alert.message}${times} (since ${alert.since})\n`);
    }
  }
  for (const [service, records] of Object.entries(body.logs ?? {})) {
    process.stdout.write(`\n${chalk.bold(`last lines of ${service}:`)}\n`);
    for (const record of records) process.stdout.write(`  ${record.line}\n`);
  }
  return 0;
}

export async function runDown(globals: GlobalOptions): Promise<number> {
  const dir = stateDir(globals);
  const client = await connectControl(dir);
  await client.request('POST', '/v1/down');
  process.stderr.write(`stopping the stack of netra pid ${client.pid}…\n`);
  // Wait until the supervisor has released its lock: the stack is down then.
  for (let waited = 0; isProcessAlive(client.pid); waited += 100) {
    if (waited > 120_000) throw new NetraError('SERVICE_FAILED', `netra pid ${client.pid} is still stopping after 2 minutes`);
    await delay(100);
  }
  process.stderr.write('stopped\n');
  return 0;
}

export async function runRestart(globals: GlobalOptions, service: string): Promise<number> {
  const client = await connectControl(stateDir(globals));
  const { status, body } = await client.request<{ error?: string }>('POST', `/v1/services/${encodeURIComponent(service)}/restart`);
  if (status === 404) throw new NetraError('UNKNOWN_SERVICE', body.error ?? `unknown service "${service}"`);
  if (status !== 200) throw new NetraError('SERVICE_FAILED', body.error ?? `restart failed (HTTP ${status})`);
  process.stderr.write(`restarted ${service}\n`);
  return 0;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${s % 60}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
