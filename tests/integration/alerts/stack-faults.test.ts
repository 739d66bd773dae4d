/**
 * Fault injection through the real `netra dev up` (built bin): a crash-looping
 * service, a service that stops answering its probe after becoming ready, a
 * memory hog child past a limit, an error-log burst, and, published by this
 * test as the backend on the stack's own event server, a run that never
 * ends, a tool call that never completes and a burst of rejected publishes.
 * Each fault must give exactly one alert (then its resolution where that
 * applies) in every sink: terminal, .netra/alerts.jsonl, x.alert on _netra,
 * the webhook; and `dev status --json` lists the active ones.
 */
import { rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../../src/alerts/index.js';
import { nodeFixture } from '../../helpers/fixtures.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { liveMarkedProcesses } from '../../helpers/stack-processes.js';
import { projectForTest } from '../../helpers/temp-project.js';
import { connectStackEvents, describeRecord, readAlertFile, startWebhook, terminalAlerts, waitFor } from './sinks-harness.js';

const faulty = fileURLToPath(new URL('../../fixtures/alerts/faulty.mjs', import.meta.url));
const fixture = (mode: string): string[] => [process.execPath, faulty, mode];

/** Generous budget per fault: the configured thresholds below are all under a second. */
const BUDGET_MS = 15_000;

describe('alerts through dev up', () => {
  it('each fault gives exactly one alert, then its resolution, in every sink', { timeout: 120_000 }, async (ctx) => {
    const webhook = await startWebhook();
    ctx.onTestFinished(() => webhook.close());
    const project = await projectForTest(ctx, {
      services: {
        events: { kind: 'events', port: 'auto' },
        crasher: {
          command: nodeFixture('exit-with.mjs', 3),
          ready: { log: 'never' },
          restart: { policy: 'on-failure', maxRestarts: 4, backoff: { initial: 20, max: 40 } },
          optional: true,
        },
        probe: { command: fixture('probe'), port: 'auto', ready: { http: 'http://127.0.0.1:${PORT}/' } },
        hog: { command: fixture('hog'), ready: { log: 'hog up' }, env: { HOG_MB: '160' } },
        noisy: { command: fixture('errors'), ready: { log: 'errors up' } },
      },
      alerts: {
        cooldownMs: 200,
        'crash-loop': { restarts: 3, windowMs: 60_000 },
        'liveness-failed': { graceMs: 100, intervalMs: 100, failures: 2, timeoutMs: 1_000 },
        'memory-high': { limitMb: 120, intervalMs: 200 },
        'error-burst': { count: 10, windowMs: 1_000 },
        'run-stuck': { thresholdMs: 300 },
        'tool-stuck': { thresholdMs: 300 },
        'publish-rejected': { count: 3, windowMs: 1_000 },
        webhook: { url: webhook.url, timeoutMs: 2_000, retries: 1 },
      },
    } as unknown as { services: Record<string, unknown> });

    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 110_000 });
    ctx.onTestFinished(() => netra.dispose());
    for (const name of ['events', 'probe', 'hog', 'noisy']) await netra.waitForLine('stderr', new RegExp(`netra › ${name}: ready in`));
    const ui = await connectStackEvents(project.dir, 'ui');
    const backend = await connectStackEvents(project.dir, 'backend');
    ctx.onTestFinished(async () => {
      await ui.client.close();
      await backend.client.close();
    });

    const fileHas = (state: 'firing' | 'resolved', rule: string) => async () =>
      (await readAlertFile(project.dir)).find((r) => r.state === state && r.rule === rule);

    // Service faults, all at once: they are independent.
    await writeFile(project.path('stop-answering'), '');
    await writeFile(project.path('hog.go'), '');
    await writeFile(project.path('burst.go'), '');
    // Chat faults: a run that never ends, a tool call that never completes, rejected publishes.
    await backend.client.publish('t-stuck', 'r1', 'agent_started', {});
    await backend.client.publish('t-tool', 'r2', 'agent_started', {});
    await backend.client.publish('t-tool', 'r2', 'tool_executing', { toolCallId: 'c1', toolName: 'search' });
    for (let i = 0; i < 6; i += 1) {
      await expect(backend.client.publish('t-bad', `r${i}`, 'agent_thinking', { text: 'no start' })).rejects.toThrow(/run_not_started|agent_started/);
    }

    for (const rule of ['crash-loop', 'service-exited', 'liveness-failed', 'memory-high', 'error-burst', 'run-stuck', 'tool-stuck', 'publish-rejected']) {
      await waitFor(`a firing ${rule} alert`, fileHas('firing', rule), BUDGET_MS);
    }
    // `dev status --json` lists what is active.
    const status = await runNetra(['dev', 'status', '--json'], { cwd: project.dir });
    expect(status.code, status.stderr).toBe(0);
    const activeRules = ((JSON.parse(status.stdout) as { alerts: AlertRecord[] }).alerts ?? []).map((a) => a.rule);
    expect(activeRules).toEqual(expect.arrayContaining(['crash-loop', 'service-exited', 'run-stuck', 'tool-stuck']));

    // Remove the faults; each condition resolves after its cooldown.
    await rm(project.path('stop-answering'));
    await writeFile(project.path('hog.stop'), '');
    await backend.client.publish('t-stuck', 'r1', 'agent_completed', {});
    await backend.client.publish('t-tool', 'r2', 'tool_completed', { toolCallId: 'c1', ok: true });
    await backend.client.publish('t-tool', 'r2', 'agent_completed', {});
    for (const rule of ['liveness-failed', 'memory-high', 'error-burst', 'run-stuck', 'tool-stuck', 'publish-rejected']) {
      await waitFor(`a resolved ${rule} alert`, fileHas('resolved', rule), BUDGET_MS);
    }
    // Every sink has caught up once the webhook has as many records as the file.
    const beforeStop = await readAlertFile(project.dir);
    await waitFor('the webhook to catch up', () => webhook.records.length >= beforeStop.length || undefined, BUDGET_MS);
    await waitFor('x.alert to catch up', () => ui.alerts.length >= beforeStop.length || undefined, BUDGET_MS);

    netra.signal('SIGTERM');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(liveMarkedProcesses(netra.marker)).toEqual([]);

    const expected = [
      'firing crash-loop crasher',
      'firing service-exited crasher',
      'firing liveness-failed probe',
      'resolved liveness-failed probe',
      'firing memory-high hog',
      'resolved memory-high hog',
      'firing error-burst noisy',
      'resolved error-burst noisy',
      'firing run-stuck thread t-stuck',
      'resolved run-stuck thread t-stuck',
      'firing tool-stuck thread t-tool',
      'resolved tool-stuck thread t-tool',
      'firing publish-rejected thread t-bad',
      'resolved publish-rejected thread t-bad',
    ].sort();
    const sorted = (list: string[]) => [...list].sort();
    const file = await readAlertFile(project.dir);
    // The file also closes what was still firing when the stack stopped.
    expect(sorted(file.map(describeRecord))).toEqual(sorted([...expected, 'resolved crash-loop crasher', 'resolved service-exited crasher']));
    expect(file.filter((r) => r.message === 'the stack stopped').map((r) => r.rule).sort()).toEqual(['crash-loop', 'service-exited']);
    expect(sorted(beforeStop.map(describeRecord))).toEqual(expected);
    expect(sorted(webhook.records.slice(0, beforeStop.length).map(describeRecord))).toEqual(expected);
    expect(sorted(ui.alerts.slice(0, beforeStop.length).map(describeRecord))).toEqual(expected);
    expect(sorted(terminalAlerts(exit.stderr))).toEqual(expected);
    // One alert per condition: firing and resolved lines pair up by id.
    for (const record of file.filter((r) => r.state === 'resolved')) {
      expect(file.filter((r) => r.id === record.id).map((r) => r.state)).toEqual(['firing', 'resolved']);
    }
    expect(file.find((r) => r.rule === 'liveness-failed' && r.state === 'firing')!.message).toMatch(/probe stopped answering its probe \(http http:\/\/127\.0\.0\.1:\d+\/\): 2 consecutive failures, last error: HTTP 503/);
    expect(file.find((r) => r.rule === 'publish-rejected' && r.state === 'resolved')!.message).toMatch(/\(6 in all\)$/);
    expect(file.find((r) => r.rule === 'memory-high' && r.state === 'firing')!.message).toMatch(/^hog uses \d+ MB of memory \(process tree RSS\), above its 120 MB limit$/);
  });
});
