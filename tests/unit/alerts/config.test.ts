import { describe, expect, it } from 'vitest';
import { defaultAlertsConfig, parseAlertsConfig, readAlertsConfig, ruleNames } from '../../../src/alerts/index.js';
import { NetraError } from '../../../src/shared/errors.js';

describe('alerts config', () => {
  it('every rule is on by default with its thresholds', () => {
    const config = defaultAlertsConfig();
    expect(config.enabled).toBe(true);
    expect(Object.keys(config.rules).sort()).toEqual([...ruleNames].sort());
    expect(config.rules['crash-loop']).toMatchObject({ enabled: true, severity: 'error', restarts: 3, windowMs: 60_000, cooldownMs: 10_000 });
    expect(config.webhook).toBeUndefined();
  });

  it('rules take false, true or an object; the global cooldown is the default of each rule', () => {
    const config = parseAlertsConfig({
      cooldownMs: 500,
      'memory-high': false,
      'error-burst': { count: 5, windowMs: 2000, severity: 'critical' },
      'run-stuck': { thresholdMs: 100, cooldownMs: 0 },
      'readiness-slow': { factor: 1.5 },
      webhook: { url: 'http://127.0.0.1:9/hook', retries: 0, headers: { authorization: 'Bearer x' } },
    });
    expect(config.rules['memory-high'].enabled).toBe(false);
    expect(config.rules['error-burst']).toMatchObject({ count: 5, windowMs: 2000, severity: 'critical', cooldownMs: 500 });
    expect(config.rules['run-stuck']).toMatchObject({ thresholdMs: 100, cooldownMs: 0 });
    expect(config.rules['readiness-slow'].factor).toBe(1.5);
    expect(config.webhook).toEqual({ url: 'http://127.0.0.1:9/hook', timeoutMs: 5000, retries: 0, headers: { authorization: 'Bearer x' } });
  });

  it('reports every issue at once as alerts.<rule>.<field>: message', () => {
    let error: unknown;
    try {
      parseAlertsConfig({
        'crash-loop': { restarts: 0, window: 5 },
        'error-burst': { severity: 'loud' },
        'tool-stuck': 'yes',
        'memory-hi': {},
        'readiness-slow': { samples: 2.5 },
        webhook: { url: 'ftp://x' },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NetraError);
    const netra = error as NetraError;
    expect(netra.code).toBe('CONFIG_INVALID');
    expect(netra.details).toEqual([
      'alerts.memory-hi: unknown rule or field (rules: ' + ruleNames.join(', ') + ')',
      'alerts.crash-loop.restarts: must be a positive whole number',
      expect.stringMatching(/^alerts\.crash-loop\.window: unknown field \(fields: enabled, severity, cooldownMs, restarts, windowMs\)$/),
      'alerts.readiness-slow.samples: must be a positive whole number',
      'alerts.error-burst.severity: must be one of info, warning, error, critical',
      'alerts.tool-stuck: must be true, false or an object',
      'alerts.webhook.url: must be an http(s) URL',
    ]);
  });

  it('a non-object section is one issue', () => {
    const issues: string[] = [];
    readAlertsConfig(42, issues);
    expect(issues).toEqual(['alerts: must be an object']);
  });
});
