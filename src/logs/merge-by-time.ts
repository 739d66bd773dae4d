import type { ReadRecord } from './record-parser.js';

/**
 * Merges per-service record lists, each already in time order, into one
 * list in time order. Equal times keep the order of the sources, so the
 * lines of one service never swap.
 */
export function mergeSorted(lists: readonly (readonly ReadRecord[])[]): ReadRecord[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return [...(nonEmpty[0] as ReadRecord[])];
  const out: ReadRecord[] = [];
  const index = nonEmpty.map(() => 0);
  for (;;) {
    let best = -1;
    let bestTs = '';
    for (let s = 0; s < nonEmpty.length; s += 1) {
      const record = (nonEmpty[s] as ReadRecord[])[index[s] as number];
      if (record && (best === -1 || record.ts < bestTs)) {
        best = s;
        bestTs = record.ts;
      }
    }
    if (best === -1) return out;
    out.push((nonEmpty[best] as ReadRecord[])[index[best] as number] as ReadRecord);
    index[best] = (index[best] as number) + 1;
  }
}

interface Head {
  readonly order: number;
  readonly source: AsyncIterator<ReadRecord[]>;
  batch: ReadRecord[];
  at: number;
}

/**
 * The streaming form of `mergeSorted` for sources too large to hold (`--tail
 * all` over a big folder): each source yields batches in time order; the
 * merge emits, in one go, every record of the earliest source up to the next
 * source's head, so whole runs of one service move without per-line work.
 */
export async function* mergeStreams(sources: readonly AsyncIterator<ReadRecord[]>[], batchSize = 8192): AsyncGenerator<ReadRecord[]> {
  if (sources.length === 1) {
    const only = sources[0] as AsyncIterator<ReadRecord[]>;
    for (;;) {
      const next = await only.next();
      if (next.done) return;
      if (next.value.length > 0) yield next.value;
    }
  }
  let heads: Head[] = [];
  for (const [order, source] of sources.entries()) {
    const head: Head = { order, source, batch: [], at: 0 };
    if (await refill(head)) heads.push(head);
  }
  let out: ReadRecord[] = [];
  while (heads.length > 0) {
    // The earliest head, and the next one: `first` may emit up to `second`'s time in one run.
    let first = heads[0] as Head;
    let second: Head | undefined;
    for (let h = 1; h < heads.length; h += 1) {
      const head = heads[h] as Head;
      if (before(head, first)) {
        second = first;
        first = head;
      } else if (!second || before(head, second)) {
        second = head;
      }
    }
    const batch = first.batch;
    let at = first.at;
    if (second) {
      const bound = (second.batch[second.at] as ReadRecord).ts;
      const takeEqual = first.order < second.order;
      do {
        out.push(batch[at] as ReadRecord);
        at += 1;
      } while (at < batch.length && ((batch[at] as ReadRecord).ts < bound || (takeEqual && (batch[at] as ReadRecord).ts === bound)));
    } else {
      for (; at < batch.length; at += 1) out.push(batch[at] as ReadRecord);
    }
    first.at = at;
    if (at >= batch.length && !(await refill(first))) heads = heads.filter((head) => head !== first);
    if (out.length >= batchSize) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

function before(a: Head, b: Head): boolean {
  const ta = (a.batch[a.at] as ReadRecord).ts;
  const tb = (b.batch[b.at] as ReadRecord).ts;
  return ta < tb || (ta === tb && a.order < b.order);
}

async function refill(head: Head): Promise<boolean> {
  while (head.at >= head.batch.length) {
    const next = await head.source.next();
    if (next.done) return false;
    head.batch = next.value;
    head.at = 0;
  }
  return true;
}
