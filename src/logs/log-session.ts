import { FileCursor, readLinesBackward } from './file-cursor.js';
import { checkServiceNames, currentLogPath, listLogServices, rotatedLogPaths } from './log-files.js';
import { compileMatcher, effectiveTail, grepNeedle } from './log-query.js';
import type { LogQuery } from './log-query.js';
import { mergeSorted, mergeStreams } from './merge-by-time.js';
import { parseRecordLine } from './record-parser.js';
import type { ReadRecord } from './record-parser.js';

/** One service's files at the moment the session opened. */
export interface ServiceFiles {
  readonly service: string;
  /** Rotated files, oldest first. */
  readonly rotated: readonly string[];
  /** The current `<service>.log`, open; undefined when it did not exist. */
  readonly current: FileCursor | undefined;
  /** End of the last complete line of the current file when opened: history stops here, following starts here. */
  readonly end: number;
}

export type RecordMatcher = ((record: ReadRecord) => boolean) | undefined;

/**
 * The files of the services a query names, opened once so that the history
 * (`--tail`) and the follow that continues it meet at one exact offset: no
 * line is lost or printed twice between them.
 */
export class LogSession {
  private constructor(
    readonly query: LogQuery,
    readonly services: readonly string[],
    readonly files: ServiceFiles[],
    readonly matcher: RecordMatcher,
    /** Text every matching line contains (a plain `--grep`), for scanning before parsing. */
    readonly needle: string | undefined = grepNeedle(query.grep),
  ) {}

  static async open(query: LogQuery): Promise<LogSession> {
    const onDisk = await listLogServices(query.logDir);
    const named = query.services ?? [];
    if (named.length > 0) checkServiceNames(named, [...onDisk, ...(query.knownServices ?? [])]);
    const services = named.length > 0 ? [...new Set(named)] : onDisk;
    const files: ServiceFiles[] = [];
    for (const service of services) files.push(await openServiceFiles(query.logDir, service));
    return new LogSession(query, services, files, compileMatcher(query));
  }

  /** The matching history, merged in time order, in batches. */
  async *history(): AsyncGenerator<ReadRecord[]> {
    const tail = effectiveTail(this.query);
    if (tail === 'all') {
      yield* mergeStreams(this.files.map((files) => forwardRecords(files, this.matcher, this.needle)), parseBatch);
      return;
    }
    if (tail === 0) return;
    const lists: ReadRecord[][] = [];
    const since = this.query.since?.toISOString();
    for (const files of this.files) lists.push(await lastRecords(files, tail, this.matcher, since, this.needle));
    const merged = mergeSorted(lists);
    for (let i = 0; i < merged.length; i += 8192) yield merged.slice(i, i + 8192);
  }

  async close(): Promise<void> {
    await Promise.all(this.files.map((files) => files.current?.close()));
  }
}

export async function openServiceFiles(logDir: string, service: string): Promise<ServiceFiles> {
  const current = await FileCursor.open(currentLogPath(logDir, service));
  const rotated = await rotatedLogPaths(logDir, service);
  if (!current) return { service, rotated, current, end: 0 };
  const end = await completeEnd(current);
  current.offset = end;
  return { service, rotated, current, end };
}

/** The offset just past the last newline: a line still being written belongs to the follow. */
async function completeEnd(cursor: FileCursor): Promise<number> {
  const size = await cursor.size();
  const block = Buffer.allocUnsafe(64 * 1024);
  for (let position = size; position > 0; ) {
    const length = Math.min(block.length, position);
    position -= length;
    const { bytesRead } = await cursor.handle.read(block, 0, length, position);
    const at = block.subarray(0, bytesRead).lastIndexOf(10);
    if (at !== -1) return position + at + 1;
  }
  return 0;
}

export function parseMatching(lines: readonly string[], matcher: RecordMatcher, from = 0, to = lines.length): ReadRecord[] {
  const out: ReadRecord[] = [];
  for (let i = from; i < to; i += 1) {
    const record = parseRecordLine(lines[i] as string);
    if (record && (!matcher || matcher(record))) out.push(record);
  }
  return out;
}

/**
 * Lines parsed per batch of the forward history: records made in small
 * batches are printed and dropped while still young, so the garbage
 * collector does not copy and promote a read's worth of them.
 */
const parseBatch = 2048;

/**
 * Bytes read per batch of the forward history: with a needle few lines come
 * out of many bytes, so long runs of reads keep the read-ahead going;
 * without one, the default keeps batches (and memory) small.
 */
const needleSliceBytes = 16 * 1024 * 1024;

/** All records of a service, oldest first: rotated files, then the current one up to `end`. */
async function* forwardRecords(files: ServiceFiles, matcher: RecordMatcher, needle: string | undefined): AsyncGenerator<ReadRecord[]> {
  for (const path of files.rotated) {
    const cursor = await FileCursor.open(path);
    if (!cursor) continue; // rotated away meanwhile
    try {
      yield* recordsUpTo(cursor, await cursor.size(), matcher, needle);
    } finally {
      await cursor.close();
    }
  }
  const current = files.current;
  if (!current) return;
  const resume = current.offset;
  current.offset = 0;
  yield* recordsUpTo(current, files.end, matcher, needle);
  current.offset = resume;
}

/** The matching records from the cursor's offset up to `end`, in parse batches. */
async function* recordsUpTo(cursor: FileCursor, end: number, matcher: RecordMatcher, needle: string | undefined): AsyncGenerator<ReadRecord[]> {
  for (let done = false; !done; ) {
    const read = await cursor.readLines(end, needle === undefined ? undefined : needleSliceBytes, needle);
    done = read.done;
    for (let i = 0; i < read.lines.length; i += parseBatch) yield parseMatching(read.lines, matcher, i, Math.min(read.lines.length, i + parseBatch));
  }
}

/** The last `n` matching records of a service, oldest first, reading its files backwards. */
async function lastRecords(
  files: ServiceFiles,
  n: number,
  matcher: RecordMatcher,
  since: string | undefined,
  needle: string | undefined,
): Promise<ReadRecord[]> {
  const found: ReadRecord[] = [];
  const scan = async (lines: AsyncGenerator<string[]>): Promise<boolean> => {
    for await (const batch of lines) {
      for (const raw of batch) {
        const record = parseRecordLine(raw);
        if (!record) continue;
        if (since !== undefined && record.ts < since) return true;
        if (matcher && !matcher(record)) continue;
        found.push(record);
        if (found.length >= n) return true;
      }
    }
    return false;
  };
  // With a needle, lines older than `since` may be skipped unseen: the scan then stops at the file's start, still correct.
  let finished = files.current ? await scan(readLinesBackward(files.current.handle, files.end, needle)) : false;
  for (const path of [...files.rotated].reverse()) {
    if (finished) break;
    const cursor = await FileCursor.open(path);
    if (!cursor) continue;
    try {
      finished = await scan(readLinesBackward(cursor.handle, await cursor.size(), needle));
    } finally {
      await cursor.close();
    }
  }
  return found.reverse();
}
