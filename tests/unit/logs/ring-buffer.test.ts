import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../../src/logs/index.js';

describe('RingBuffer', () => {
  it('keeps only the last items, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i += 1) ring.push(i);
    expect(ring.last()).toEqual([3, 4, 5]);
    expect(ring.last(2)).toEqual([4, 5]);
    expect(ring.last(10)).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
  });

  it('works before it is full and with capacity 0', () => {
    const ring = new RingBuffer<string>(4);
    ring.push('a');
    expect(ring.last()).toEqual(['a']);
    const none = new RingBuffer<string>(0);
    none.push('a');
    expect(none.last()).toEqual([]);
  });
});
