/**
 * Readiness rules through the real `netra dev up`: a start slower than the
 * service's usual time (history in .netra/cache/start-times.json, kept
 * across runs) and a service that never becomes ready.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startNetra } from '../../helpers/run-netra.js';
import { projectForTest } from '../../helpers/temp-project.js';
import { describeRecord, readAlertFile, terminalAlerts, waitFor } from './sinks-harness.js';

const faulty = fileURLToPath(new URL('../../fixtures/alerts/faulty.mjs', import.meta.url));

describe('readiness alerts through dev up', () => {
  it('readiness-slow against the kept history, then resolved when ready; readiness-failed with the probe error', { timeout: 60_000 }, async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        slow: { command: [process.execPath, faulty, 'slow'], env: { DELAY_MS: '1500' }, ready: { log: '^slow up$', timeout: 20_000 } },
        never: { command: [process.execPath, faulty, 'slow'], env: { DELAY_MS: '600000' }, ready: { log: '^slow up$', timeout: 500 }, restart: 'no', optional: true },
      },
      alerts: { cooldownMs: 0, 'readiness-slow': { factor: 2, minMs: 300, minSamples: 3 } },
    } as unknown as { services: Record<string, unknown> });
    // Earlier runs took about 100 ms.
    await mkdir(project.path('.netra/cache'), { recursive: true });
    await writeFile(project.path('.netra/cache/start-times.json'), JSON.stringify({ version: 1, services: { slow: [90, 100, 110] } }));

    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 50_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › slow: ready in/, 20_000);
    await waitFor('readiness-failed', async () => (await readAlertFile(project.dir)).find((r) => r.rule === 'readiness-failed'), 15_000);
    netra.signal('SIGTERM');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);

    const file = await readAlertFile(project.dir);
    expect(file.map(describeRecord)).toEqual(
      expect.arrayContaining(['firing readiness-slow slow', 'resolved readiness-slow slow', 'firing readiness-failed never', 'resolved readiness-failed never']),
    );
    expect(file.filter((r) => r.rule === 'readiness-slow').map((r) => r.state)).toEqual(['firing', 'resolved']);
    expect(file.find((r) => r.rule === 'readiness-slow')!.message).toMatch(/^slow has been starting for [\d.]+ (ms|s); it usually takes 100 ms$/);
    expect(file.find((r) => r.rule === 'readiness-slow' && r.state === 'resolved')!.message).toMatch(/^slow became ready after /);
    expect(file.find((r) => r.rule === 'readiness-failed')!.message).toMatch(/^never never became ready: log .* did not pass within 0\.5s/);
    expect(terminalAlerts(exit.stderr)).toEqual(expect.arrayContaining(['firing readiness-slow slow', 'resolved readiness-slow slow', 'firing readiness-failed never']));
    // The history now holds this run's time too, for the next run.
    const history = JSON.parse(await readFile(project.path('.netra/cache/start-times.json'), 'utf8')) as { services: Record<string, number[]> };
    expect(history.services['slow']).toHaveLength(4);
    expect(history.services['slow']!.slice(0, 3)).toEqual([90, 100, 110]);
    expect(history.services['slow']![3]).toBeGreaterThanOrEqual(1500);
  });
});
