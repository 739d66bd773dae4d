import { describe, expect, it } from 'vitest';
import { mergeSorted, mergeStreams, parseRecordLine } from '../../../src/logs/index.js';
import type { ReadRecord } from '../../../src/logs/index.js';

const line = (service: string, ts: string, text: string, seq = 1): string =>
  JSON.stringify({ ts, service, stream: 'stdout', line: text, seq });

describe('parseRecordLine', () => {
  it('reads the file format, escapes included, keeping the raw text', () => {
    for (const text of ['plain', 'quote " and \\ backslash', 'tab\tnewline\n', 'é 🎉', '","seq":9}', '']) {
      const raw = line('api', '2026-01-01T00:00:00.000Z', text, 7);
      expect(parseRecordLine(raw)).toEqual({ ts: '2026-01-01T00:00:00.000Z', service: 'api', stream: 'stdout', line: text, seq: 7, raw });
    }
  });

  it('accepts other key orders and rejects what is not a record', () => {
    expect(parseRecordLine('{"seq":1,"line":"x","stream":"netra","service":"a","ts":"t"}')).toMatchObject({ line: 'x', stream: 'netra' });
    expect(parseRecordLine('not json')).toBeUndefined();
    expect(parseRecordLine('{"ts":"t","service":"a","stream":"stdin","line":"x","seq":1}')).toBeUndefined();
    expect(parseRecordLine('{"ts":"t","service":"a","stream":"stdout","line":"x"')).toBeUndefined();
  });
});

const rec = (service: string, second: number, seq: number): ReadRecord => {
  const ts = `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;
  return { ts, service, stream: 'stdout', line: `${service}${seq}`, seq, raw: '' };
};

async function* batches(records: ReadRecord[], size: number): AsyncGenerator<ReadRecord[]> {
  for (let i = 0; i < records.length; i += size) yield records.slice(i, i + size);
}

describe('merging by time', () => {
  const a = [rec('a', 1, 1), rec('a', 3, 2), rec('a', 3, 3), rec('a', 7, 4)];
  const b = [rec('b', 2, 1), rec('b', 3, 2), rec('b', 8, 3)];
  const expected = ['a1', 'b1', 'a2', 'a3', 'b2', 'a4', 'b3'];

  it('merges lists in time order, equal times in source order', () => {
    expect(mergeSorted([a, [], b]).map((r) => r.line)).toEqual(expected);
  });

  it('merges streams of batches the same way, whatever the batch sizes', async () => {
    for (const size of [1, 2, 3, 10]) {
      const out: string[] = [];
      for await (const batch of mergeStreams([batches(a, size), batches(b, size + 1)], 2)) out.push(...batch.map((r) => r.line));
      expect(out).toEqual(expected);
    }
  });
});
