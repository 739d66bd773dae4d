import { describe, expect, it } from 'vitest';
import { Debouncer } from '../../../src/race/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';

describe('Debouncer', () => {
  it('flushes once, after the quiet time, with every item of the burst', () => {
    const clock = new FakeClock();
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
    const clock = new FakeClock();
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
    const clock = new FakeClock();
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
