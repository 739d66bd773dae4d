/**
 * `netra cache status [--json]` and `netra cache clear [step]`. The project
 * root is the config file's folder; `status` loads the config for its setup
 * steps, `clear` needs only the root (so it works with a broken config).
 * Library code is imported lazily so `netra --help` stays fast.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import chalk from 'chalk';
import { NetraError } from '../shared/errors.js';
import type { GlobalOptions } from './output.js';
import type { SetupStep, StepStatus } from '../cache/index.js';

interface StepsOfProject {
  root: string;
  stateDir: string;
  /** Each step with the environment its key is computed from. */
  steps: { step: SetupStep; env: Record<string, string | undefined> }[];
}

/** The setup steps of the config: global ones with netra's env, service ones with the service's env on top. */
async function loadSteps(globals: GlobalOptions): Promise<StepsOfProject> {
  const { loadConfig } = await import('../config/index.js');
  const config = await loadConfig({
    cwd: resolve(globals.cwd ?? process.cwd()),
    ...(globals.config ? { configPath: globals.config } : {}),
  });
  const steps: StepsOfProject['steps'] = config.setup.map((s) => ({ step: toStep(s), env: { ...process.env } }));
  for (const name of config.startOrder) {
    const service = config.services[name];
    if (!service) continue;
    for (const s of service.setup) steps.push({ step: toStep({ ...s, service: name }), env: { ...process.env, ...service.env } });
  }
  return { root: config.root, stateDir: config.stateDir, steps };
}

function toStep(s: {
  name: string;
  command: string | readonly string[];
  inputs: readonly string[];
  env: readonly string[];
  cwd: string;
  service: string | undefined;
}): SetupStep {
  return { name: s.name, command: s.command, inputs: s.inputs, env: s.env, cwd: s.cwd, service: s.service };
}

export function registerCacheCommands(program: Command): void {
  const cache = program.command('cache').description('the cache of setup steps (.netra/cache)');
  cache
    .command('status')
    .description('each setup step: key, last success, whether it would run now and why')
    .option('--json', 'print JSON on stdout')
    .action(async (flags: { json?: boolean }, command: Command) => {
      await runStatus(flags.json === true, command.optsWithGlobals<GlobalOptions>());
    });
  cache
    .command('clear')
    .description('forget the cache entries of one setup step (name or service/name), or of all')
    .argument('[step]', 'the step to forget')
    .action(async (step: string | undefined, _flags: unknown, command: Command) => {
      await runClear(step, command.optsWithGlobals<GlobalOptions>());
    });
}

async function runStatus(json: boolean, globals: GlobalOptions): Promise<void> {
  const project = await loadSteps(globals);
  const { createCacheManager } = await import('../cache/index.js');
  const warnings: string[] = [];
  const manager = createCacheManager({ root: project.root, stateDir: project.stateDir, onWarning: (w) => warnings.push(w) });
  let statuses: StepStatus[] = [];
  try {
    manager.warm(project.steps.map((s) => s.step));
    for (const { step, env } of project.steps) statuses.push(...(await manager.status([step], env)));
  } finally {
    await manager.close();
  }
  for (const w of warnings) process.stderr.write(`${chalk.yellow('warning')} ${w}\n`);
  if (json) {
    // Every field present (null when unknown): consumers should not need `in` checks.
    const steps = statuses.map((s) => ({
      id: s.id,
      name: s.name,
      service: s.service ?? null,
      key: s.key,
      lastSuccessAt: s.lastSuccessAt ?? null,
      wouldRun: s.wouldRun,
      reason: s.reason ?? null,
      changed: s.changed ?? null,
      inputFiles: s.inputFiles,
    }));
    process.stdout.write(`${JSON.stringify({ root: project.root, steps }, null, 2)}\n`);
    return;
  }
  if (statuses.length === 0) {
    process.stdout.write('no setup steps in the config\n');
    return;
  }
  process.stdout.write(renderTable(statuses, Date.now()));
}

async function runClear(step: string | undefined, globals: GlobalOptions): Promise<void> {
  const { findProjectRoot } = await import('../config/index.js');
  const root = findProjectRoot({ cwd: resolve(globals.cwd ?? process.cwd()), ...(globals.config ? { configPath: globals.config } : {}) });
  if (!root) {
    throw new NetraError('CONFIG_NOT_FOUND', 'no launcher.config.{ts,mts,js,mjs} found here or in a parent folder', {
      hint: 'run it in the project, or pass --config <file>',
    });
  }
  const { createCacheManager } = await import('../cache/index.js');
  const manager = createCacheManager({ root, stateDir: `${root}/.netra` });
  try {
    const count = await manager.clear(step);
    const what = step === undefined ? '' : ` of step ${step}`;
    process.stdout.write(count === 0 ? `no cache entry${what}\n` : `cleared ${count} cache ${count === 1 ? 'entry' : 'entries'}${what}\n`);
  } finally {
    await manager.close();
  }
}

function ago(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const text = s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : s < 86_400 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86_400)}d`;
  return `${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} (${text} ago)`;
}

function why(s: StepStatus): string {
  if (!s.wouldRun) return 'unchanged';
  const changed = s.changed ?? [];
  const list = changed.length === 0 ? '' : `: ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` (+${changed.length - 3} more)` : ''}`;
  return `${(s.reason ?? '').replace('-', ' ')}${list}`;
}

export function renderTable(statuses: readonly StepStatus[], now: number): string {
  const rows = [
    ['STEP', 'RUN', 'WHY', 'LAST SUCCESS', 'KEY', 'FILES'],
    ...statuses.map((s) => [s.id, s.wouldRun ? 'yes' : 'no', why(s), ago(s.lastSuccessAt, now), s.key.slice(0, 12), String(s.inputFiles)]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r, i) => {
      const line = r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ');
      return i === 0 ? chalk.bold(line) : line;
    })
    .join('\n')
    .concat('\n');
}
