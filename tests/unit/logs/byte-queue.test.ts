import { expect, it } from 'vitest';
import { ByteQueue } from '../../../src/logs/byte-queue.js';

it('keeps bytes in order across blocks, written in place or appended', () => {
  const queue = new ByteQueue();
  const fill = (letter: string, count: number): void => {
    for (let i = 0; i < count; i += 1) {
      const block = queue.reserve(100);
      block.fill(letter, queue.used, queue.used + 100);
      queue.commit(queue.used + 100);
    }
  };
  fill('a', 15_000);
  queue.append('é\n');
  const early = queue.takeBlocks();
  fill('b', 15_000);
  queue.appendBytes(Buffer.from('end'));
  expect(queue.size).toBe(1_500_003);
  expect(Buffer.concat(early).toString('utf8')).toBe(`${'a'.repeat(1_500_000)}é\n`);
  // Later writes continue in the rest of a taken block, never over what was taken.
  expect(Buffer.concat(queue.takeBlocks()).toString('utf8')).toBe(`${'b'.repeat(1_500_000)}end`);
  expect(queue.size).toBe(0);
});
