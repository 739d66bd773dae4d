import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../src/logs/index.js';
import { harness } from './manager-harness.js';

const line = (service: string, text: string, stream: LogRecord['stream'] = 'stderr'): LogRecord => ({ ts: '', service, stream, line: text, seq: 0 });

describe('error-burst', () => {
  it('N error lines within the window is one alert; it resolves when the rate drops', async () => {
    const { manager, clock, lines, records } = harness({ cooldownMs: 0, 'error-burst': { count: 3, windowMs: 1000 } });
    manager.logRecord(line('api', 'ERROR: db down'));
    manager.logRecord(line('api', 'INFO all good'));
    manager.logRecord(line('api', 'error: db down'));
    manager.logRecord(line('api', 'netra says error', 'netra'));
    expect(lines()).toEqual([]);
    for (let i = 0; i < 10; i += 1) manager.logRecord(line('api', `{"level":"error","msg":"boom ${i}"}`));
    expect(lines()).toEqual(['firing error-burst']);
    expect(records[0]!.message).toMatch(/^api logged 3\+ errors within 1\.0 s; last: \{"level":"error","msg":"boom 0"\}$/);
    expect(manager.active()[0]!.count).toBe(10);
    clock.advance(1500);
    expect(lines()).toEqual(['firing error-burst', 'resolved error-burst']);
    await manager.close();
  });

  it('errors spread over time are no burst', async () => {
    const { manager, clock, lines } = harness({ 'error-burst': { count: 3, windowMs: 1000 } });
    for (let i = 0; i < 10; i += 1) {
      manager.logRecord(line('api', 'ERROR x'));
      clock.advance(600);
    }
    expect(lines()).toEqual([]);
    await manager.close();
  });
});

describe('memory-high', () => {
  it('samples every interval; over the limit fires once; under it resolves; a stopped service resolves', async () => {
    const rss = new Map<number, number>([[100, 50 * 1024 * 1024]]);
    const pids = new Map([['hog', 100]]);
    const { manager, clock, lines, records } = harness(
      { cooldownMs: 0, 'memory-high': { limitMb: 64, intervalMs: 1000 } },
      { pids: () => pids, sampleRss: (groups) => new Map([...rss].filter(([pid]) => groups.has(pid))) },
    );
    clock.advance(1000);
    expect(lines()).toEqual([]);
    rss.set(100, 80 * 1024 * 1024);
    clock.advance(3000);
    expect(lines()).toEqual(['firing memory-high']);
    expect(records[0]!.message).toBe('hog uses 80 MB of memory (process tree RSS), above its 64 MB limit');
    rss.set(100, 10 * 1024 * 1024);
    clock.advance(1000);
    expect(lines()).toEqual(['firing memory-high', 'resolved memory-high']);
    rss.set(100, 100 * 1024 * 1024);
    clock.advance(1000);
    pids.clear();
    clock.advance(1000);
    expect(lines().slice(2)).toEqual(['firing memory-high', 'resolved memory-high']);
    expect(records.at(-1)!.message).toBe('hog is no longer running');
    await manager.close();
  });
});

describe('liveness-failed', () => {
  it('after the grace, N consecutive failures fire with the last error; a success resolves; leaving ready stops probing', async () => {
    const results: ({ ok: true } | { ok: false; error: string })[] = [];
    let calls = 0;
    const { manager, clock, lines, records } = harness(
      { cooldownMs: 0, 'liveness-failed': { graceMs: 500, intervalMs: 100, failures: 3, timeoutMs: 50 } },
      {
        liveness: {
          probeFor: (service) =>
            service === 'api'
              ? { describe: 'http http://127.0.0.1:1/health', run: async () => (calls++, results.shift() ?? { ok: true }) }
              : undefined,
        },
      },
    );
    const settle = async (ms: number): Promise<void> => {
      for (let i = 0; i < ms / 50; i += 1) {
        clock.advance(50);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    results.push({ ok: false, error: 'a' }, { ok: false, error: 'b' });
    manager.serviceSignal('api', { kind: 'ready', pid: 1, timeToReadyMs: 5 });
    manager.serviceSignal('db', { kind: 'ready', pid: 2, timeToReadyMs: 5 });
    await settle(450);
    expect(calls).toBe(0);
    await settle(300);
    expect(lines()).toEqual([]);
    results.push({ ok: false, error: 'ECONNREFUSED' }, { ok: false, error: 'ECONNREFUSED' }, { ok: false, error: 'ECONNREFUSED' }, { ok: false, error: 'ECONNREFUSED' });
    await settle(400);
    expect(lines()).toEqual(['firing liveness-failed']);
    expect(records[0]!.message).toBe('api stopped answering its probe (http http://127.0.0.1:1/health): 3 consecutive failures, last error: ECONNREFUSED');
    await settle(300);
    expect(lines()).toEqual(['firing liveness-failed', 'resolved liveness-failed']);
    expect(records[1]!.message).toBe('api answers its probe again');
    manager.serviceSignal('api', { kind: 'stopped' });
    const before = calls;
    await settle(1000);
    expect(calls).toBe(before);
    await manager.close();
  });
});
