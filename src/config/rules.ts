/**
 * Semantic validation rules over a structurally valid config. Each rule
 * pushes `path: message` strings; every issue is reported at once
 * (STYLE.md §3.4, as changesets' rules.ts and process-compose's validators).
 */
import type { DependencySpec, ServiceConfig, UserConfig } from './types.js';

export interface ValidationIssues {
  errors: string[];
  warnings: string[];
}

type Rule = (config: UserConfig, issues: ValidationIssues) => void;

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const NEEDS_COMMAND = new Set(['process', undefined]);

export function dependencyName(spec: DependencySpec): string {
  return typeof spec === 'string' ? spec : spec.service;
}

const serviceNames: Rule = (config, { errors }) => {
  if (Object.keys(config.services).length === 0) errors.push('services: at least one service is required');
  for (const name of Object.keys(config.services)) {
    if (!SERVICE_NAME.test(name)) {
      errors.push(`services.${name}: a service name may use letters, digits, "-" and "_" only`);
    }
  }
};

const commandPerKind: Rule = (config, { errors }) => {
  for (const [name, service] of Object.entries(config.services)) {
    const kind = service.kind ?? 'process';
    if (NEEDS_COMMAND.has(service.kind) && service.command === undefined) {
      errors.push(`services.${name}.command: required for a service of kind '${kind}'`);
    }
    if (!NEEDS_COMMAND.has(service.kind) && service.command !== undefined) {
      errors.push(`services.${name}.command: not allowed for kind '${kind}': netra runs it itself`);
    }
    if (kind === 'external' && service.url === undefined) {
      errors.push(`services.${name}.url: required for kind 'external' (e.g. postgres://user@host:5432/db)`);
    }
    if (kind !== 'external' && service.url !== undefined) {
      errors.push(`services.${name}.url: only for kind 'external'`);
    }
    if (kind === 'external' && service.port !== undefined) {
      errors.push(`services.${name}.port: not allowed for kind 'external': its URL says where it is`);
    }
    if (kind !== 'events' && (service.verify !== undefined || service.allowedOrigins !== undefined)) {
      errors.push(`services.${name}: verify and allowedOrigins are only for kind 'events'`);
    }
    const isDatabase = kind === 'pglite' || kind === 'postgres';
    if (!isDatabase && (service.migrations !== undefined || service.dataDir !== undefined)) {
      errors.push(`services.${name}: migrations and dataDir are only for kinds 'pglite' and 'postgres'`);
    }
  }
};

const dependencies: Rule = (config, { errors, warnings }) => {
  const names = new Set(Object.keys(config.services));
  for (const [name, service] of Object.entries(config.services)) {
    (service.dependsOn ?? []).forEach((spec, index) => {
      const target = dependencyName(spec);
      const path = `services.${name}.dependsOn[${index}]`;
      if (target === name) errors.push(`${path}: a service cannot depend on itself`);
      else if (!names.has(target)) {
        errors.push(`${path}: unknown service "${target}" (services: ${[...names].join(', ')})`);
      } else if (typeof spec !== 'string' && spec.condition === 'completed') {
        const policy = restartPolicyOf(config.services[target]);
        if (policy === 'always') {
          warnings.push(`${path}: "${target}" restarts always, so it may never complete`);
        }
      }
    });
  }
  const cycle = findCycle(config);
  if (cycle) errors.push(`services: dependency cycle ${cycle.join(' -> ')}`);
};

function restartPolicyOf(service: ServiceConfig | undefined): string | undefined {
  const restart = service?.restart;
  return typeof restart === 'string' ? restart : restart?.policy;
}

const readiness: Rule = (config, { errors }) => {
  for (const [name, service] of Object.entries(config.services)) {
    const ready = service.ready;
    if (!ready) continue;
    const path = `services.${name}.ready`;
    const kinds = (['tcp', 'http', 'log', 'exec'] as const).filter((k) => ready[k] !== undefined);
    // No probe kind: `timeout`/`interval` apply to the default probe (TCP on the service's port).
    if (kinds.length === 0 && service.port === undefined && (service.kind ?? 'process') === 'process') {
      errors.push(`${path}: expected one probe (tcp, http, log or exec), or a port for the default TCP probe`);
    }
    if (kinds.length > 1) errors.push(`${path}: expected one probe, got ${kinds.join(' and ')}`);
    if (ready.http !== undefined && !isUrlTemplate(ready.http)) {
      errors.push(`${path}.http: expected a URL such as http://127.0.0.1:\${PORT}/health, got "${ready.http}"`);
    }
    if (typeof ready.log === 'string') {
      try {
        new RegExp(ready.log);
      } catch (error) {
        errors.push(`${path}.log: not a valid regular expression (${(error as Error).message})`);
      }
    }
    if (ready.interval === 0) errors.push(`${path}.interval: must be greater than 0`);
  }
};

/** A URL once `${…}` placeholders are filled in. */
function isUrlTemplate(value: string): boolean {
  const filled = value.replace(/\$\{[^}]+\}/g, (match) => (/port/i.test(match) ? '1' : 'x'));
  try {
    const url = new URL(filled);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const ports: Rule = (config, { errors }) => {
  const owners = new Map<number, string>();
  for (const [name, service] of Object.entries(config.services)) {
    if (typeof service.port !== 'number') continue;
    const other = owners.get(service.port);
    if (other) errors.push(`services.${name}.port: ${service.port} is also the port of "${other}"`);
    else owners.set(service.port, name);
  }
};

const restarts: Rule = (config, { errors }) => {
  for (const [name, service] of Object.entries(config.services)) {
    const restart = service.restart;
    if (typeof restart !== 'object') continue;
    const backoff = restart.backoff;
    if (backoff?.initial !== undefined && backoff.max !== undefined && backoff.initial > backoff.max) {
      errors.push(`services.${name}.restart.backoff: initial (${backoff.initial}) is greater than max (${backoff.max})`);
    }
  }
};

const setupSteps: Rule = (config, { errors }) => {
  const seen = new Map<string, string>();
  const check = (steps: UserConfig['setup'], path: string): void => {
    (steps ?? []).forEach((step, index) => {
      const other = seen.get(step.name);
      if (other) errors.push(`${path}[${index}].name: "${step.name}" is already the name of ${other}`);
      else seen.set(step.name, `${path}[${index}]`);
    });
  };
  check(config.setup, 'setup');
  for (const [name, service] of Object.entries(config.services)) check(service.setup, `services.${name}.setup`);
};

const rules: readonly Rule[] = [serviceNames, commandPerKind, dependencies, readiness, ports, restarts, setupSteps];

export function runRules(config: UserConfig): ValidationIssues {
  const issues: ValidationIssues = { errors: [], warnings: [] };
  for (const rule of rules) rule(config, issues);
  return issues;
}

/** The first dependency cycle found, named from and back to its first service. */
export function findCycle(config: UserConfig): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of config.services[name]?.dependsOn ?? []) {
      const target = dependencyName(dep);
      if (target === name || !(target in config.services)) continue;
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(config.services)) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return undefined;
}
