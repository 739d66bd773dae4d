/** A manager on a fake clock with a recording sink, for rule tests. */
import { createAlertManager, openStartTimes, parseAlertsConfig, type AlertManagerOptions, type AlertRecord } from '../../../src/alerts/index.js';
import { detectAlertLevel } from '../../../src/logs/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';

export function harness(alerts: Record<string, unknown>, extra: Partial<AlertManagerOptions> = {}) {
  const clock = new FakeClock();
  const records: AlertRecord[] = [];
  const startTimes = openStartTimes({ path: undefined, keep: 10 });
  const manager = createAlertManager({
    config: parseAlertsConfig(alerts),
    sinks: [{ write: (record) => void records.push(record), close: async () => undefined }],
    startTimes,
    levelOf: detectAlertLevel,
    clock,
    ...extra,
  });
  const lines = (rule?: string) => records.filter((r) => rule === undefined || r.rule === rule).map((r) => `${r.state} ${r.rule}`);
  return { clock, records, manager, startTimes, lines };
}
