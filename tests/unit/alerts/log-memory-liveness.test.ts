import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../src/logs/index.js';
import { harness } from './manager-harness.js';

/** A ring buffer like the hub's: seq rises per line, only the last `capacity` lines are kept. */
function fakeLogs(capacity = 200, firstSeq = 1000) {
  const rings = new Map<string, LogRecord[]>();
  let seq = firstSeq;
  return {
    source: { services: () => rings.keys(), tail: (service: string) => rings.get(service) ?? [] },
    write(service: string, text: string, stream: LogRecord['stream'] = 'stderr') {
      const ring = rings.get(service) ?? [];
      rings.set(service, ring);
      ring.push({ ts: '', service, stream, line: text, seq: ++seq });
      if (ring.length > capacity) ring.shift();
    },
  };
}

describe('error-burst', () => {
  it('N error lines within the window is one alert; it resolves when the rate drops', async () => {
    const logs = fakeLogs();
    const { manager, clock, lines, records } = harness({ cooldownMs: 0, 'error-burst': { count: 3, windowMs: 1000 } }, { logs: logs.source });
    logs.write('api', 'ERROR: db down');
    logs.write('api', 'INFO all good');
    logs.write('api', 'error: db down');
    logs.write('api', 'netra says error', 'netra');
    clock.advance(300);
    expect(lines()).toEqual([]);
    for (let i = 0; i < 10; i += 1) logs.write('api', `{"level":"error","msg":"boom ${i}"}`);
    clock.advance(300);
    expect(lines()).toEqual(['firing error-burst']);
    expect(records[0]!.message).toBe('api logged 12 errors within 1.0 s (threshold 3); last: {"level":"error","msg":"boom 9"}');
    clock.advance(2000);
    expect(lines()).toEqual(['firing error-burst', 'resolved error-burst']);
    await manager.close();
  });

  it('errors spread over time are no burst', async () => {
    const logs = fakeLogs();
    const { manager, clock, lines } = harness({ 'error-burst': { count: 3, windowMs: 1000 } }, { logs: logs.source });
    for (let i = 0; i < 10; i += 1) {
      logs.write('api', 'ERROR x');
      clock.advance(600);
    }
    expect(lines()).toEqual([]);
    await manager.close();
  });

  it('lines that left the ring between ticks are estimated from the kept sample', async () => {
    const logs = fakeLogs(100);
    const { manager, clock, records } = harness({ cooldownMs: 0, 'error-burst': { count: 50, windowMs: 1000 } }, { logs: logs.source });
    logs.write('api', 'INFO warm-up');
    clock.advance(300);
    // 1000 lines, one in ten an error; the ring keeps 100 of them (10 errors): 100 errors estimated.
    for (let i = 0; i < 1000; i += 1) logs.write('api', i % 10 === 0 ? `ERROR ${i}` : `INFO ${i}`);
    clock.advance(300);
    expect(records.map((r) => r.message)).toEqual(['api logged 100 errors within 1.0 s (threshold 50); last: ERROR 990']);
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
    // A listed pid whose group has no live process left is no longer running either.
    pids.set('hog', 100);
    rss.set(100, 100 * 1024 * 1024);
    clock.advance(1000);
    rss.delete(100);
    clock.advance(1000);
    expect(lines().slice(4)).toEqual(['firing memory-high', 'resolved memory-high']);
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
