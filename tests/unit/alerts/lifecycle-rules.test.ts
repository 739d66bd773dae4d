import { describe, expect, it } from 'vitest';
import { harness } from './manager-harness.js';

describe('service lifecycle rules', () => {
  it('crash-loop: N restarts within the window is one alert; it resolves once the service stayed up for the window', async () => {
    const { manager, clock, lines, records } = harness({ cooldownMs: 100, 'crash-loop': { restarts: 3, windowMs: 1000 } });
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      manager.serviceSignal('api', { kind: 'starting', pid: 10 + attempt, since: clock.now() });
      clock.advance(50);
      manager.serviceSignal('api', { kind: 'restarting', exit: 'exited with code 1', attempt });
      clock.advance(50);
    }
    expect(lines()).toEqual(['firing service-exited', 'firing crash-loop']);
    expect(records[1]!.message).toBe('api is crash-looping: 3 restarts within 1.0 s (last: exited with code 1)');
    expect(manager.active().find((a) => a.rule === 'crash-loop')!.count).toBe(3);
    manager.serviceSignal('api', { kind: 'starting', pid: 20, since: clock.now() });
    manager.serviceSignal('api', { kind: 'ready', pid: 20, timeToReadyMs: 30 });
    clock.advance(900);
    expect(lines('crash-loop')).toEqual(['firing crash-loop']);
    clock.advance(400);
    expect(lines()).toEqual(['firing service-exited', 'firing crash-loop', 'resolved service-exited', 'resolved crash-loop']);
    await manager.close();
  });

  it('restarts spread wider than the window are no crash loop', async () => {
    const { manager, clock, lines } = harness({ 'crash-loop': { restarts: 2, windowMs: 100 } });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      manager.serviceSignal('api', { kind: 'restarting', exit: 'exited with code 1', attempt });
      clock.advance(150);
    }
    expect(lines('crash-loop')).toEqual([]);
    await manager.close();
  });

  it('crashing past the restart limit is a crash loop, and the exit says it is not restarted', async () => {
    const { manager, records } = harness({ cooldownMs: 0 });
    manager.serviceSignal('api', { kind: 'failed', reason: 'restart-limit', message: 'exited with code 7, and it crashed past its restart limit (2 restarts)' });
    expect(records.map((r) => `${r.rule}: ${r.message}`)).toEqual([
      'service-exited: api exited with code 7, and it crashed past its restart limit (2 restarts); not restarted',
      'crash-loop: api is crash-looping: exited with code 7, and it crashed past its restart limit (2 restarts)',
    ]);
    await manager.close();
    expect(records.slice(2).map((r) => r.state)).toEqual(['resolved', 'resolved']);
  });

  it('readiness-failed carries the probe and its last error', async () => {
    const { manager, records } = harness({});
    manager.serviceSignal('web', { kind: 'failed', reason: 'readiness-timeout', message: 'never became ready: http http://x did not pass within 1s (last error: ECONNREFUSED)' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ rule: 'readiness-failed', severity: 'error', service: 'web', message: expect.stringContaining('last error: ECONNREFUSED') });
    await manager.close();
  });

  it('readiness-slow fires while a start takes longer than factor × the usual time, and resolves when ready', async () => {
    const { manager, clock, lines, records, startTimes } = harness({ cooldownMs: 0, 'readiness-slow': { factor: 2, minMs: 100, minSamples: 3 } });
    for (const ms of [100, 120, 110]) startTimes.record('api', ms);
    expect(startTimes.median('api', 3)).toBe(110);
    manager.serviceSignal('api', { kind: 'starting', pid: 1, since: clock.now() });
    clock.advance(200);
    expect(lines()).toEqual([]);
    clock.advance(100);
    expect(lines()).toEqual(['firing readiness-slow']);
    expect(records[0]!.message).toMatch(/^api has been starting for 2\d\d ms; it usually takes 110 ms$/);
    manager.serviceSignal('api', { kind: 'ready', pid: 1, timeToReadyMs: 400 });
    expect(lines()).toEqual(['firing readiness-slow', 'resolved readiness-slow']);
    expect(records[1]!.message).toBe('api became ready after 400 ms');
    expect(startTimes.median('api', 3)).toBe(115);
    await manager.close();
  });

  it('readiness-slow stays silent without enough history', async () => {
    const { manager, clock, lines } = harness({ 'readiness-slow': { minMs: 10, minSamples: 3 } });
    manager.serviceSignal('api', { kind: 'starting', pid: 1, since: clock.now() });
    clock.advance(10_000);
    expect(lines()).toEqual([]);
    await manager.close();
  });

  it('a disabled rule never fires; alerts.enabled false silences everything', async () => {
    const one = harness({ 'service-exited': false, cooldownMs: 0 });
    one.manager.serviceSignal('api', { kind: 'restarting', exit: 'exited with code 1', attempt: 1 });
    expect(one.lines()).toEqual([]);
    const all = harness({ enabled: false });
    all.manager.serviceSignal('api', { kind: 'failed', reason: 'readiness-timeout', message: 'x' });
    expect(all.lines()).toEqual([]);
    expect(all.clock.pending).toBe(0);
    await one.manager.close();
    await all.manager.close();
  });
});

describe('a broken rule', () => {
  it('never throws into the caller; the error is told once and the other rules go on', async () => {
    const errors: unknown[] = [];
    const { manager, lines, startTimes } = harness({ cooldownMs: 0 }, { onError: (error) => errors.push(error) });
    startTimes.record = () => {
      throw new Error('disk on fire');
    };
    expect(() => manager.serviceSignal('api', { kind: 'ready', pid: 1, timeToReadyMs: 5 })).not.toThrow();
    expect(() => manager.serviceSignal('api', { kind: 'ready', pid: 1, timeToReadyMs: 5 })).not.toThrow();
    expect(errors).toEqual([new Error('disk on fire')]);
    manager.serviceSignal('api', { kind: 'restarting', exit: 'exited with code 1', attempt: 1 });
    expect(lines()).toEqual(['firing service-exited']);
    await manager.close();
  });
});
