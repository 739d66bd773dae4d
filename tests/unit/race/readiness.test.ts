import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { describeProbe, probeOnce, waitForReady, type LineSource } from '../../../src/race/index.js';

/** A LineSource driven by the test: emit() delivers a line to subscribers. */
function fakeLines(recent: string[] = []): LineSource & { emit(line: string): void; listeners(): number } {
  const emitter = new EventEmitter();
  return {
    subscribe(listener) {
      emitter.on('line', listener);
      return () => emitter.off('line', listener);
    },
    recent: () => recent,
    emit: (line) => emitter.emit('line', line),
    listeners: () => emitter.listenerCount('line'),
  };
}

describe('log probe', () => {
  it('passes when a later line matches', async () => {
    const lines = fakeLines();
    const wait = waitForReady({ kind: 'log', pattern: /listening on \d+/, lines }, { timeout: 10_000, interval: 50 });
    lines.emit('starting');
    lines.emit('listening on 4000');
    const result = await wait;
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(lines.listeners()).toBe(0);
  });

  it('counts a line written before the probe started', async () => {
    const lines = fakeLines(['boot', 'ready!']);
    const result = await waitForReady({ kind: 'log', pattern: /ready/g, lines }, { timeout: 10_000, interval: 50 });
    expect(result.ok).toBe(true);
  });

  it('times out when no line matches, saying how many it saw', async () => {
    const lines = fakeLines(['boot']);
    const wait = waitForReady({ kind: 'log', pattern: /ready/, lines }, { timeout: 100, interval: 50 });
    lines.emit('still booting');
    const result = await wait;
    expect(result).toMatchObject({ ok: false, reason: 'timeout', attempts: 2 });
    if (!result.ok) expect(result.lastError).toBe('no line matched /ready/ (2 lines seen)');
    expect(lines.listeners()).toBe(0);
  });

  it('stops at once on abort and unsubscribes', async () => {
    const lines = fakeLines();
    const controller = new AbortController();
    const wait = waitForReady(
      { kind: 'log', pattern: /ready/, lines },
      { timeout: 60_000, interval: 50, signal: controller.signal },
    );
    controller.abort();
    expect(await wait).toMatchObject({ ok: false, reason: 'aborted' });
    expect(lines.listeners()).toBe(0);
  });

  it('probeOnce looks at recent lines only', async () => {
    const signal = new AbortController().signal;
    expect(await probeOnce({ kind: 'log', pattern: /up/, lines: fakeLines(['up']) }, signal)).toEqual({ ok: true });
    expect(await probeOnce({ kind: 'log', pattern: /up/, lines: fakeLines(['down']) }, signal)).toMatchObject({
      ok: false,
    });
  });
});

describe('custom probe', () => {
  it('passes once the check stops throwing', async () => {
    let calls = 0;
    const result = await waitForReady(
      {
        kind: 'custom',
        name: 'counter',
        check: async () => {
          calls += 1;
          if (calls < 3) throw new Error(`not yet (${calls})`);
        },
      },
      { timeout: 10_000, interval: 1 },
    );
    expect(result).toMatchObject({ ok: true, attempts: 3 });
  });

  it('times out with the last error', async () => {
    const result = await waitForReady(
      { kind: 'custom', name: 'never', check: () => Promise.reject(new Error('connection refused')) },
      { timeout: 100, interval: 10 },
    );
    expect(result).toMatchObject({ ok: false, reason: 'timeout', lastError: 'connection refused' });
    expect(result.attempts).toBeGreaterThan(1);
  });

  it('does not hang on a check that ignores its signal', async () => {
    let seen: AbortSignal | undefined;
    const result = await waitForReady(
      {
        kind: 'custom',
        name: 'hangs',
        check: (signal) => {
          seen = signal;
          return new Promise(() => {});
        },
      },
      { timeout: 500, interval: 10, attemptTimeout: 50 },
    );
    // Each 50 ms attempt is cut and retried until the budget ends.
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(result.attempts).toBeGreaterThan(1);
    if (!result.ok) expect(result.lastError).toMatch(/no answer within \d+ ms/);
    expect(seen?.aborted).toBe(true);
  });

  it('returns aborted, not timeout, when the caller aborts', async () => {
    const controller = new AbortController();
    const wait = waitForReady(
      { kind: 'custom', name: 'hangs', check: () => new Promise(() => {}) },
      { timeout: 60_000, interval: 10, signal: controller.signal },
    );
    setImmediate(() => controller.abort());
    expect(await wait).toMatchObject({ ok: false, reason: 'aborted' });
  });

  it('returns aborted at once for an already aborted signal', async () => {
    let calls = 0;
    const result = await waitForReady(
      { kind: 'custom', name: 'x', check: async () => void (calls += 1) },
      { timeout: 1000, interval: 10, signal: AbortSignal.abort() },
    );
    expect(result).toMatchObject({ ok: false, reason: 'aborted', attempts: 0 });
    expect(calls).toBe(0);
  });
});

describe('describeProbe', () => {
  it('names every kind', () => {
    const lines = fakeLines();
    expect(describeProbe({ kind: 'http', url: 'http://127.0.0.1:4000/health/ready' })).toBe(
      'http http://127.0.0.1:4000/health/ready',
    );
    expect(describeProbe({ kind: 'tcp', host: '127.0.0.1', port: 5432 })).toBe('tcp 127.0.0.1:5432');
    expect(describeProbe({ kind: 'tcp', host: '::1', port: 5432 })).toBe('tcp [::1]:5432');
    expect(describeProbe({ kind: 'log', pattern: /ready/i, lines })).toBe('log /ready/i');
    expect(describeProbe({ kind: 'exec', command: ['pg_isready', '-q'], cwd: '.', env: {} })).toBe(
      'exec pg_isready -q',
    );
    expect(describeProbe({ kind: 'custom', name: 'pg SELECT 1', check: async () => {} })).toBe('custom pg SELECT 1');
  });
});
