/**
 * `netra doctor`: what must hold for `dev up` to work here, each failed
 * check with how to fix it. Checks are independent; all run, all are shown.
 */
import { loadConfig, type LoadConfigOptions } from '../config/index.js';
import type { ResolvedConfig } from '../config/resolved.js';
import { findPostgresBinaries, POSTGRES_INSTALL_HINT } from '../db/index.js';
import { checkPort, describeTakenPort, readLiveLock } from '../race/index.js';
import { errorMessage, isNetraError } from '../shared/errors.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** How to fix it, for failed checks. */
  fix?: string;
  /** Warnings do not fail the doctor. */
  severity: 'error' | 'warning';
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

const MIN_NODE: readonly [number, number] = [20, 19];

export async function runDoctor(options: LoadConfigOptions): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [nodeVersion()];
  let config: ResolvedConfig | undefined;
  try {
    config = await loadConfig(options);
    checks.push({ name: 'config', ok: true, detail: `${config.configPath} is valid (${config.startOrder.length} services)`, severity: 'error' });
    for (const warning of config.warnings) checks.push({ name: 'config', ok: false, detail: warning, severity: 'warning' });
  } catch (error) {
    checks.push({
      name: 'config',
      ok: false,
      detail: isNetraError(error) ? [error.message, ...error.details].join('\n  ') : errorMessage(error),
      fix: isNetraError(error) ? error.hint ?? 'fix each problem listed above' : 'fix the config file',
      severity: 'error',
    });
  }
  if (config) {
    const running = await readLiveLock(config.stateDir).catch(() => undefined);
    checks.push(...(running ? [runningStack(running.pid)] : await portChecks(config)));
    checks.push(...(await databaseChecks(config)));
  }
  return { ok: checks.every((check) => check.ok || check.severity === 'warning'), checks };
}

function nodeVersion(): DoctorCheck {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: 'node',
    ok,
    detail: `Node ${process.versions.node}${ok ? '' : `; netra needs ${MIN_NODE.join('.')} or newer`}`,
    ...(ok ? {} : { fix: 'install Node 20.19+ (e.g. `nvm install 20`)' }),
    severity: 'error',
  };
}

function runningStack(pid: number): DoctorCheck {
  return { name: 'ports', ok: true, detail: `a stack is running (netra pid ${pid}): its ports are in use by it`, severity: 'warning' };
}

async function portChecks(config: ResolvedConfig): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const service of Object.values(config.services)) {
    if (typeof service.port !== 'number') continue;
    const result = await checkPort(service.port);
    checks.push(
      result.free
        ? { name: 'ports', ok: true, detail: `services.${service.name}.port ${service.port} is free`, severity: 'error' }
        : {
            name: 'ports',
            ok: false,
            detail: describeTakenPort(service.name, service.port, result),
            fix: `stop that process, or set services.${service.name}.port to another port or 'auto'`,
            severity: 'error',
          },
    );
  }
  return checks;
}

async function databaseChecks(config: ResolvedConfig): Promise<DoctorCheck[]> {
  const kinds = new Set(Object.values(config.services).map((service) => service.kind));
  const checks: DoctorCheck[] = [];
  if (kinds.has('postgres')) {
    try {
      const binaries = await findPostgresBinaries();
      checks.push({ name: 'postgres', ok: true, detail: `PostgreSQL binaries in ${binaries.bindir}`, severity: 'error' });
    } catch {
      checks.push({ name: 'postgres', ok: false, detail: 'no initdb/postgres found on PATH or in /usr/lib/postgresql/*/bin', fix: POSTGRES_INSTALL_HINT, severity: 'error' });
    }
  }
  if (kinds.has('pglite')) {
    checks.push({ name: 'pglite', ok: true, detail: 'embedded PGlite ships with netra (no install needed)', severity: 'error' });
  }
  return checks;
}
