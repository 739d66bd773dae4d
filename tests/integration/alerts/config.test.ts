/** An invalid `alerts` section stops `dev up` before anything starts: exit 2, every issue listed. */
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra } from '../../helpers/run-netra.js';
import { projectForTest } from '../../helpers/temp-project.js';

describe('alerts config through dev up', () => {
  it('exit 2 with alerts.<rule>.<field> issues, no service started', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { api: { command: nodeFixture('forever.mjs', 'api') } },
      alerts: { 'crash-loop': { restarts: -1 }, 'memory-high': { limitMB: 5 }, webhook: { url: 'nope' } },
    } as unknown as { services: Record<string, unknown> });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir, timeout: 20_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/invalid alerts config \(3 issues\)/);
    expect(result.stderr).toMatch(/^ {2}alerts\.crash-loop\.restarts: must be a positive whole number$/m);
    expect(result.stderr).toMatch(/^ {2}alerts\.memory-high\.limitMB: unknown field \(fields: enabled, severity, cooldownMs, limitMb, intervalMs\)$/m);
    expect(result.stderr).toMatch(/^ {2}alerts\.webhook\.url: must be an http\(s\) URL$/m);
    expect(await project.readLog('api')).toEqual([]);
    expect(result.leftovers).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });
});
