import { stat } from 'node:fs/promises';
import { FolderWaker } from '../shared/folder-waker.js';
import type { FolderWakerOptions } from '../shared/folder-waker.js';
import { FileCursor, readLinesBackward } from './file-cursor.js';
import { currentLogPath, listLogServices, rotatedLogPaths } from './log-files.js';
import type { LogQuery } from './log-query.js';
import { LogSession } from './log-session.js';
import type { RecordMatcher } from './log-session.js';
import { mergeSorted } from './merge-by-time.js';
import { parseRecordLine } from './record-parser.js';
import type { ReadRecord } from './record-parser.js';

export type FollowOptions = FolderWakerOptions;

interface Tracker {
  readonly service: string;
  cursor: FileCursor | undefined;
  /** A rotated-away or deleted file still being read to its end before `cursor` takes over. */
  old?: FileCursor | undefined;
  /** Set when a new current file is opened: its first line tells whether lines were skipped. */
  checkGap?: boolean;
  /** seq of the last record read, matching or not: detects lines that rotated away unseen. */
  lastSeq: number;
}

const maxBytesPerCycle = 1024 * 1024;

/**
 * `netra logs --follow`: the history of `readLogs`, then every new line as
 * it is written, until `signal` aborts. It wakes on file-system events of
 * the log folder (a slow poll only as a safety net or fallback), keeps the
 * current file open so a rotation never loses the old file's last lines,
 * fills a gap from the rotated files when several rotations passed between
 * two reads, starts over on a truncated or re-created file (stack stopped
 * and started), and picks up services that start logging later.
 */
export async function* followLogs(query: LogQuery, signal: AbortSignal, options: FollowOptions = {}): AsyncGenerator<ReadRecord[]> {
  if (signal.aborted) return;
  const session = await LogSession.open(query);
  const trackers = new Map<string, Tracker>();
  const followAll = (query.services ?? []).length === 0;
  const waker = new FolderWaker(query.logDir, signal, options);
  try {
    for await (const batch of session.history()) {
      if (signal.aborted) return;
      yield batch;
    }
    for (const files of session.files) {
      trackers.set(files.service, { service: files.service, cursor: files.current, lastSeq: await lastSeqBefore(files.current, files.end) });
    }
    waker.start();
    while (!signal.aborted) {
      await waker.next();
      if (signal.aborted) break;
      if (followAll && waker.takeRescan()) {
        for (const service of await listLogServices(query.logDir)) {
          if (!trackers.has(service)) trackers.set(service, { service, cursor: undefined, lastSeq: 0 });
        }
      }
      const lists: ReadRecord[][] = [];
      for (const tracker of trackers.values()) {
        const { records, more } = await pollTracker(query.logDir, tracker, session.matcher);
        if (more) waker.poke();
        if (records.length > 0) lists.push(records);
      }
      const merged = mergeSorted(lists);
      if (merged.length > 0) yield merged;
    }
  } finally {
    waker.stop();
    for (const tracker of trackers.values()) {
      await tracker.cursor?.close();
      await tracker.old?.close();
    }
    await session.close();
  }
}

async function lastSeqBefore(cursor: FileCursor | undefined, end: number): Promise<number> {
  if (!cursor) return 0;
  for await (const lines of readLinesBackward(cursor.handle, end)) {
    for (const raw of lines) {
      const record = parseRecordLine(raw);
      if (record) return record.seq;
    }
  }
  return 0;
}

async function pollTracker(logDir: string, tracker: Tracker, matcher: RecordMatcher): Promise<{ records: ReadRecord[]; more: boolean }> {
  const path = currentLogPath(logDir, tracker.service);
  const ino = await stat(path).then((s) => s.ino, () => undefined);
  if (tracker.cursor && tracker.cursor.ino !== ino) {
    // Rotated, re-created or deleted: the old file's last lines come first, a bounded slice per cycle.
    tracker.old = tracker.cursor;
    tracker.cursor = undefined;
  }
  if (tracker.old) {
    const read = await tracker.old.readLines(await tracker.old.size(), maxBytesPerCycle);
    const records = toRecords(tracker, read.lines, matcher);
    if (!read.done) return { records, more: true };
    await tracker.old.close();
    tracker.old = undefined;
    if (records.length > 0) return { records, more: true };
  }
  if (!tracker.cursor && ino !== undefined) {
    tracker.cursor = await FileCursor.open(path);
    tracker.checkGap = true;
  }
  if (!tracker.cursor) return { records: [], more: false };
  const size = await tracker.cursor.size();
  if (await tracker.cursor.rewritten(size)) tracker.cursor.reset(); // truncated: written again from scratch
  const read = await tracker.cursor.readLines(size, maxBytesPerCycle);
  // The gap check waits for the new file's first line: it may still be empty when opened.
  const gap = tracker.checkGap && read.lines.length > 0 ? await gapRecords(logDir, tracker, read.lines[0] as string) : [];
  if (read.lines.length > 0) tracker.checkGap = false;
  const records = keepMatching(tracker, gap, matcher);
  for (const record of toRecords(tracker, read.lines, matcher)) records.push(record);
  return { records, more: !read.done };
}

/** The matching records of a gap (already parsed, in seq order), remembering the last seq seen. */
function keepMatching(tracker: Tracker, gap: readonly ReadRecord[], matcher: RecordMatcher): ReadRecord[] {
  const last = gap.at(-1);
  if (last) tracker.lastSeq = last.seq;
  return matcher ? gap.filter(matcher) : [...gap];
}

/** Parses lines, remembering the last seq seen (matching or not), and keeps the matching ones. */
function toRecords(tracker: Tracker, lines: readonly string[], matcher: RecordMatcher): ReadRecord[] {
  const records: ReadRecord[] = [];
  for (const raw of lines) {
    const record = parseRecordLine(raw);
    if (!record) continue;
    tracker.lastSeq = record.seq;
    if (!matcher || matcher(record)) records.push(record);
  }
  return records;
}

/**
 * Lines that rotated past us unseen: more than one rotation between two
 * reads leaves the lines between our last seq and the new file's first seq
 * in `.log.1`, `.log.2`…; they are read back from there, in order.
 */
async function gapRecords(logDir: string, tracker: Tracker, firstNewRaw: string): Promise<ReadRecord[]> {
  const last = tracker.lastSeq;
  const first = parseRecordLine(firstNewRaw)?.seq;
  if (first === undefined || last === 0 || first <= last + 1) return []; // in sequence, or a new lineage
  // Keyed by seq: rotations keep renaming files while we read, so a file may be seen twice.
  const gap = new Map<number, ReadRecord>();
  // Size of each file (by inode) already read: a retry reads only files that are new or grew, not all
  // again (when the gap's lines were rotated out of existence, every attempt would read every file).
  const seen = new Map<number, number>();
  for (let attempt = 0; attempt < 3 && gap.size < first - last - 1; attempt += 1) {
    // Open every rotated file first: an open file keeps its content whatever is renamed meanwhile.
    const cursors: FileCursor[] = [];
    for (const path of await rotatedLogPaths(logDir, tracker.service)) {
      const cursor = await FileCursor.open(path);
      if (cursor) cursors.push(cursor);
    }
    try {
      for (const cursor of cursors) {
        const size = await cursor.size();
        if (seen.get(cursor.ino) === size) continue;
        seen.set(cursor.ino, size);
        if ((await lastSeqBefore(cursor, size)) <= last) continue; // wholly before the gap
        for (let done = false; !done; ) {
          const read = await cursor.readLines(size);
          done = read.done;
          for (const raw of read.lines) {
            const record = parseRecordLine(raw); // parsed once: the gap's records are returned as they are
            if (record && record.seq > last && record.seq < first) gap.set(record.seq, record);
          }
        }
      }
    } finally {
      for (const cursor of cursors) await cursor.close();
    }
  }
  return [...gap.values()].sort((a, b) => a.seq - b.seq);
}
