/**
 * The chat rules against the real event server (startEventServer) and a real
 * client: an abandoned run ends with a synthetic agent_error, which is one
 * run-aborted alert in the file, on the terminal and as x.alert on _netra.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  alertsFilePath,
  createAlertManager,
  createEventSink,
  createFileSink,
  createTerminalSink,
  openStartTimes,
  parseAlertsConfig,
  readAlerts,
  type AlertRecord,
} from '../../../src/alerts/index.js';
import { connectEvents, createEventsToken, startEventServer } from '../../../src/events/index.js';
import { detectAlertLevel } from '../../../src/logs/index.js';
import { describeRecord, terminalAlerts, waitFor } from './sinks-harness.js';

describe('chat alerts on the real event server', () => {
  it('an abandoned run (publisher lost) is one run-aborted alert in every sink, resolved after a quiet window', { timeout: 30_000 }, async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-alerts-'));
    ctx.onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const token = createEventsToken();
    const server = await startEventServer({ port: 0, token, publisherLostMs: 200 });
    ctx.onTestFinished(() => server.close());
    let terminal = '';
    const stderr = new PassThrough().setEncoding('utf8');
    stderr.on('data', (chunk: string) => (terminal += chunk));
    const manager = createAlertManager({
      config: parseAlertsConfig({ cooldownMs: 0, 'run-aborted': { windowMs: 500 }, 'run-stuck': { thresholdMs: 60_000 } }),
      sinks: [
        createTerminalSink(stderr, false),
        createFileSink(alertsFilePath(dir)),
        createEventSink(() => (thread, event, payload) => server.publishSystem(thread, event, payload)),
      ],
      startTimes: openStartTimes({ path: undefined, keep: 10 }),
      levelOf: detectAlertLevel,
    });
    const off = server.observe((observation) => manager.observe(observation));
    ctx.onTestFinished(async () => {
      off();
      await manager.close();
    });

    const ui = await connectEvents({ url: server.url, token, role: 'ui', reconnect: false });
    ctx.onTestFinished(() => ui.close());
    const published: AlertRecord[] = [];
    await ui.subscribe('_netra', { onEvent: (event) => event.event === 'x.alert' && published.push(event.payload as AlertRecord) }).ready;

    const backend = await connectEvents({ url: server.url, token, role: 'backend', reconnect: false });
    await backend.publish('t1', 'r1', 'agent_started', {});
    await backend.publish('t1', 'r1', 'tool_executing', { toolCallId: 'c1', toolName: 'slow' });
    await backend.close(); // the publisher is gone; the server ends the run after publisherLostMs

    const path = alertsFilePath(dir);
    await waitFor('the run-aborted resolution', async () => (await readAlerts(path)).find((r) => r.state === 'resolved'), 10_000);
    const file = await readAlerts(path);
    expect(file.map(describeRecord)).toEqual(['firing run-aborted thread t1', 'resolved run-aborted thread t1']);
    expect(file[0]).toMatchObject({ runId: 'r1', severity: 'error', message: expect.stringMatching(/^run r1 in thread t1 was aborted \(publisher_lost\)/) });
    await waitFor('x.alert', () => (published.length >= 2 ? true : undefined), 5_000);
    expect(published.map(describeRecord)).toEqual(file.map(describeRecord));
    expect(published.map((r) => r.id)).toEqual(file.map((r) => r.id));
    expect(terminalAlerts(terminal)).toEqual(file.map(describeRecord));
    expect(manager.active()).toEqual([]);
  });
});
