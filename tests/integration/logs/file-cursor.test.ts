import { appendFile, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCursor, readLinesBackward } from '../../../src/logs/file-cursor.js';
import { makeTempDir } from './helpers.js';

const mib = 1024 * 1024;

/** Lines that cross the 1 MiB read blocks every way: multi-byte characters on a boundary, lines longer than a block. */
function awkwardLines(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i += 1) lines.push(`line ${i} é🎉 ${'x'.repeat((i * 977) % 1500)}`);
  lines.push(`long ${'y'.repeat(mib + 12345)} end`); // longer than a block: carried across reads
  for (let i = 0; i < 2000; i += 1) lines.push(`after ${i} ${'🎉'.repeat(i % 300)}`);
  lines.push(`longer ${'z'.repeat(2 * mib + 7)} needle`);
  lines.push('last needle');
  return lines;
}

/** Every line up to the size at the start, in slices of `maxBytes`; closes the cursor. */
async function readAll(cursor: FileCursor, maxBytes: number, needle?: string): Promise<string[]> {
  try {
    const size = await cursor.size();
    const lines: string[] = [];
    for (let done = false; !done; ) {
      const read = await cursor.readLines(size, maxBytes, needle);
      lines.push(...read.lines);
      done = read.done;
    }
    return lines;
  } finally {
    await cursor.close();
  }
}

describe('FileCursor', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('reads every line forward across block boundaries, in slices of any size, with and without a needle', async () => {
    const lines = awkwardLines();
    const path = join(dir, 'a.log');
    await writeFile(path, `${lines.join('\n')}\n`);
    for (const maxBytes of [1, 3 * mib]) {
      for (const needle of [undefined, 'needle', '🎉 x']) {
        const got = await readAll((await FileCursor.open(path)) as FileCursor, maxBytes, needle);
        expect(got).toEqual(needle === undefined ? lines : lines.filter((line) => line.includes(needle)));
      }
    }
  });

  it('reads several files at once without their shared read blocks mixing them up', async () => {
    const files = await Promise.all(
      [0, 1, 2, 3, 4].map(async (n) => {
        const lines = awkwardLines().map((line) => `${n} ${line}`);
        const path = join(dir, `m${n}.log`);
        await writeFile(path, `${lines.join('\n')}\n`);
        return { lines, cursor: (await FileCursor.open(path)) as FileCursor };
      }),
    );
    const got = await Promise.all(files.map(({ cursor }) => readAll(cursor, mib)));
    expect(got).toEqual(files.map((file) => file.lines));
  });

  it('keeps a line without its newline until the rest is written, however long', async () => {
    const path = join(dir, 'b.log');
    const head = `first ${'a'.repeat(mib + 5)}`;
    await writeFile(path, `zero\n${head}`);
    const cursor = (await FileCursor.open(path)) as FileCursor;
    try {
      expect((await cursor.readLines(await cursor.size())).lines).toEqual(['zero']);
      await appendFile(path, ` rest é\nsecond\nthi`);
      expect((await cursor.readLines(await cursor.size())).lines).toEqual([`${head} rest é`, 'second']);
      await appendFile(path, 'rd\n');
      expect((await cursor.readLines(await cursor.size())).lines).toEqual(['third']);
    } finally {
      await cursor.close();
    }
  });

  it('reads the same lines backwards, newest first, with and without a needle', async () => {
    const lines = awkwardLines();
    const path = join(dir, 'c.log');
    await writeFile(path, `${lines.join('\n')}\n`);
    const handle = await open(path, 'r');
    try {
      const size = (await handle.stat()).size;
      for (const needle of [undefined, 'needle']) {
        const got: string[] = [];
        for await (const batch of readLinesBackward(handle, size, needle)) got.push(...batch);
        const expected = needle === undefined ? lines : lines.filter((line) => line.includes(needle));
        expect(got).toEqual([...expected].reverse());
      }
    } finally {
      await handle.close();
    }
  });
});
