import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../../src/shared/clock.js';
import { Debouncer } from '../../../src/race/index.js';

/** Timers that fire only when the test advances time. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++nextId;
      timers.set(id, { at: now + ms, fn });
      return { id } as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete((handle as { id: number }).id);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}

describe('Debouncer', () => {
  it('flushes once, after the quiet time, with every item of the burst', () => {
    const clock = fakeClock();
    const flushes: string[][] = [];
    const debouncer = new Debouncer<string>({ waitMs: 100, onFlush: (items) => flushes.push(items), clock });
    for (let i = 0; i < 50; i += 1) {
      debouncer.push(`f${i % 25}`);
      clock.advance(10);
    }
    // The last push was 10 ms ago.
    expect(flushes).toEqual([]);
    clock.advance(89);
    expect(flushes).toEqual([]);
    clock.advance(1);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toEqual(Array.from({ length: 25 }, (_, i) => `f${i}`));
    expect(debouncer.pending).toBe(false);
  });

  it('maxWaitMs bounds the delay under a steady stream', () => {
    const clock = fakeClock();
    const flushes: number[][] = [];
    const debouncer = new Debouncer<number>({ waitMs: 100, maxWaitMs: 300, onFlush: (items) => flushes.push(items), clock });
    for (let i = 0; i < 10; i += 1) {
      debouncer.push(i);
      clock.advance(50);
    }
    // Pushed at 0, 50, …, 450: the first batch is cut at 300 ms, not 100 ms after the last push.
    expect(flushes[0]).toEqual([0, 1, 2, 3, 4, 5]);
    clock.advance(100);
    expect(flushes[1]).toEqual([6, 7, 8, 9]);
  });

  it('cancel drops pending items; flush delivers now', () => {
    const clock = fakeClock();
    const flushes: string[][] = [];
    const debouncer = new Debouncer<string>({ waitMs: 100, onFlush: (items) => flushes.push(items), clock });
    debouncer.push('a');
    debouncer.cancel();
    clock.advance(1000);
    expect(flushes).toEqual([]);
    debouncer.push('b');
    debouncer.flush();
    expect(flushes).toEqual([['b']]);
    clock.advance(1000);
    expect(flushes).toEqual([['b']]);
  });
});
