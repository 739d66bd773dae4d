/**
 * The `alerts` section of launcher.config.ts (docs/alerts.md): every rule
 * on/off with its thresholds and severity, the cooldown, the webhook.
 * Validation collects every issue as `alerts.<rule>.<field>: message`.
 */
import { NetraError } from '../shared/errors.js';
import { ruleNames, severities, type RuleName, type Severity } from './types.js';

interface RuleBase {
  enabled: boolean;
  severity: Severity;
  /** A cleared condition resolves only after staying clear this long (flapping stays one alert). */
  cooldownMs: number;
}

/** Thresholds per rule; every field has a default. */
export interface RuleSettings {
  'service-exited': RuleBase;
  'crash-loop': RuleBase & { restarts: number; windowMs: number };
  'readiness-failed': RuleBase;
  'readiness-slow': RuleBase & { factor: number; minMs: number; samples: number; minSamples: number };
  'liveness-failed': RuleBase & { graceMs: number; intervalMs: number; failures: number; timeoutMs: number };
  'memory-high': RuleBase & { limitMb: number; intervalMs: number };
  'error-burst': RuleBase & { count: number; windowMs: number };
  'run-stuck': RuleBase & { thresholdMs: number };
  'tool-stuck': RuleBase & { thresholdMs: number };
  'publish-rejected': RuleBase & { count: number; windowMs: number };
  'run-aborted': RuleBase & { windowMs: number };
  'delivery-lag': RuleBase & { thresholdMs: number; windowMs: number };
}

export interface WebhookSettings {
  url: string;
  timeoutMs: number;
  /** Attempts after the first one, with doubling delays from 250 ms. */
  retries: number;
  headers: Record<string, string>;
}

export interface AlertsConfig {
  enabled: boolean;
  rules: RuleSettings;
  webhook: WebhookSettings | undefined;
}

const defaultCooldownMs = 10_000;

const defaults: { [R in RuleName]: Omit<RuleSettings[R], 'enabled' | 'cooldownMs'> } = {
  'service-exited': { severity: 'error' },
  'crash-loop': { severity: 'error', restarts: 3, windowMs: 60_000 },
  'readiness-failed': { severity: 'error' },
  'readiness-slow': { severity: 'warning', factor: 2, minMs: 2_000, samples: 10, minSamples: 3 },
  'liveness-failed': { severity: 'error', graceMs: 5_000, intervalMs: 5_000, failures: 3, timeoutMs: 2_000 },
  'memory-high': { severity: 'warning', limitMb: 1024, intervalMs: 5_000 },
  'error-burst': { severity: 'warning', count: 20, windowMs: 10_000 },
  'run-stuck': { severity: 'warning', thresholdMs: 60_000 },
  'tool-stuck': { severity: 'warning', thresholdMs: 60_000 },
  'publish-rejected': { severity: 'warning', count: 1, windowMs: 10_000 },
  'run-aborted': { severity: 'error', windowMs: 60_000 },
  'delivery-lag': { severity: 'warning', thresholdMs: 1_000, windowMs: 10_000 },
};

/** Fields that must be positive numbers; `factor` may be fractional, the rest are whole. */
const fractional = new Set(['factor']);

export function defaultAlertsConfig(): AlertsConfig {
  return parseAlertsConfig({});
}

/** Validates the raw `alerts` object; throws CONFIG_INVALID listing every issue. */
export function parseAlertsConfig(raw: unknown): AlertsConfig {
  const issues: string[] = [];
  const config = readAlertsConfig(raw, issues);
  if (issues.length > 0) {
    throw new NetraError('CONFIG_INVALID', `invalid alerts config (${issues.length} issue${issues.length === 1 ? '' : 's'})`, {
      details: issues,
      hint: 'see docs/alerts.md for the fields of each rule',
    });
  }
  return config;
}

/** The parsed config plus every issue found (pure; for `doctor` and tests). */
export function readAlertsConfig(raw: unknown, issues: string[]): AlertsConfig {
  const input = isObject(raw) ? raw : {};
  if (raw !== undefined && !isObject(raw)) issues.push('alerts: must be an object');
  const enabled = readBoolean(input['enabled'], 'alerts.enabled', true, issues);
  const cooldownMs = readNumber(input['cooldownMs'], 'alerts.cooldownMs', defaultCooldownMs, issues, true);
  const known = new Set<string>(['enabled', 'cooldownMs', 'webhook', ...ruleNames]);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push(`alerts.${key}: unknown rule or field (rules: ${ruleNames.join(', ')})`);
  }
  const rules = {} as Record<RuleName, unknown>;
  for (const rule of ruleNames) rules[rule] = readRule(rule, input[rule], cooldownMs, issues);
  return { enabled, rules: rules as unknown as RuleSettings, webhook: readWebhook(input['webhook'], issues) };
}

function readRule(rule: RuleName, raw: unknown, cooldownMs: number, issues: string[]): RuleBase {
  const base = defaults[rule] as unknown as Record<string, unknown>;
  const where = `alerts.${rule}`;
  if (raw === undefined || raw === true) return { ...base, enabled: true, cooldownMs } as RuleBase;
  if (raw === false) return { ...base, enabled: false, cooldownMs } as RuleBase;
  if (!isObject(raw)) {
    issues.push(`${where}: must be true, false or an object`);
    return { ...base, enabled: true, cooldownMs } as RuleBase;
  }
  const out: Record<string, unknown> = { ...base };
  out['enabled'] = readBoolean(raw['enabled'], `${where}.enabled`, true, issues);
  out['cooldownMs'] = readNumber(raw['cooldownMs'], `${where}.cooldownMs`, cooldownMs, issues, true);
  for (const [field, value] of Object.entries(raw)) {
    if (field === 'enabled' || field === 'cooldownMs') continue;
    if (field === 'severity') {
      if (typeof value === 'string' && (severities as readonly string[]).includes(value)) out['severity'] = value;
      else issues.push(`${where}.severity: must be one of ${severities.join(', ')}`);
      continue;
    }
    if (!(field in base)) {
      const fields = ['enabled', 'severity', 'cooldownMs', ...Object.keys(base).filter((f) => f !== 'severity')];
      issues.push(`${where}.${field}: unknown field (fields: ${fields.join(', ')})`);
      continue;
    }
    out[field] = readNumber(value, `${where}.${field}`, base[field] as number, issues, false, fractional.has(field));
  }
  return out as unknown as RuleBase;
}

function readWebhook(raw: unknown, issues: string[]): WebhookSettings | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    issues.push('alerts.webhook: must be an object {url, timeoutMs?, retries?, headers?}');
    return undefined;
  }
  const url = raw['url'];
  let ok = typeof url === 'string';
  if (ok) {
    try {
      const parsed = new URL(url as string);
      ok = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    } catch {
      ok = false;
    }
  }
  if (!ok) issues.push('alerts.webhook.url: must be an http(s) URL');
  const headers: Record<string, string> = {};
  if (raw['headers'] !== undefined) {
    if (!isObject(raw['headers']) || Object.values(raw['headers']).some((v) => typeof v !== 'string')) {
      issues.push('alerts.webhook.headers: must be an object of strings');
    } else Object.assign(headers, raw['headers']);
  }
  for (const key of Object.keys(raw)) {
    if (!['url', 'timeoutMs', 'retries', 'headers'].includes(key)) issues.push(`alerts.webhook.${key}: unknown field (fields: url, timeoutMs, retries, headers)`);
  }
  return {
    url: String(url),
    timeoutMs: readNumber(raw['timeoutMs'], 'alerts.webhook.timeoutMs', 5_000, issues),
    retries: readNumber(raw['retries'], 'alerts.webhook.retries', 2, issues, true),
    headers,
  };
}

function readNumber(value: unknown, where: string, fallback: number, issues: string[], zeroOk = false, fraction = false): number {
  if (value === undefined) return fallback;
  const valid = typeof value === 'number' && Number.isFinite(value) && (zeroOk ? value >= 0 : value > 0) && (fraction || Number.isInteger(value));
  if (!valid) {
    issues.push(`${where}: must be a ${zeroOk ? 'non-negative' : 'positive'} ${fraction ? 'number' : 'whole number'}`);
    return fallback;
  }
  return value;
}

function readBoolean(value: unknown, where: string, fallback: boolean, issues: string[]): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    issues.push(`${where}: must be true or false`);
    return fallback;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

