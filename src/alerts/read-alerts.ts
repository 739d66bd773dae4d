/**
 * Reading `.netra/alerts.jsonl` for `netra alerts`: the records so far, the
 * ones still firing, and a follow mode that wakes on file-system events of
 * the file's folder (a slow poll as the safety net) for new lines (a file
 * that shrinks was replaced: it is read again from the start).
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FolderWaker, type FolderWakerOptions } from '../shared/folder-waker.js';
import { isRuleName, type AlertRecord } from './types.js';

/** A line of the file as a record; undefined for anything else (a torn or foreign line). */
export function parseAlertLine(line: string): AlertRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<AlertRecord>;
    if (typeof value.ts !== 'string' || typeof value.rule !== 'string' || !isRuleName(value.rule)) return undefined;
    if (value.state !== 'firing' && value.state !== 'resolved') return undefined;
    if (typeof value.message !== 'string' || typeof value.severity !== 'string') return undefined;
    return value as AlertRecord;
  } catch {
    return undefined;
  }
}

export async function readAlerts(path: string): Promise<AlertRecord[]> {
  return (await readAlertsWithOffset(path)).records;
}

/**
 * The complete records of the file and the byte offset just after the last
 * complete line: following from there misses nothing appended meanwhile and
 * repeats nothing.
 */
export async function readAlertsWithOffset(path: string): Promise<{ records: AlertRecord[]; offset: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], offset: 0 };
    throw error;
  }
  const offset = bytes.lastIndexOf(10) + 1;
  const text = bytes.subarray(0, offset).toString('utf8');
  return { records: text.split('\n').flatMap((line) => parseAlertLine(line) ?? []), offset };
}

/** The firing records without a later `resolved` of the same id (or of the same rule and subject, for records without ids). */
export function stillFiring(records: readonly AlertRecord[]): AlertRecord[] {
  const open = new Map<string, AlertRecord>();
  for (const record of records) {
    const key = record.id ?? `${record.rule}|${record.service ?? ''}|${record.threadId ?? ''}|${record.runId ?? ''}`;
    if (record.state === 'firing') open.set(key, record);
    else open.delete(key);
  }
  return [...open.values()];
}

/**
 * New records as they are appended, until the signal aborts. `from` is a byte
 * offset (from `readAlertsWithOffset`), or the file's start or current end.
 * An unfinished line stays as bytes until its newline arrives, so a
 * character split between two reads is never decoded in halves.
 */
export async function* followAlerts(
  path: string,
  signal: AbortSignal,
  from: 'start' | 'end' | number,
  options: FolderWakerOptions = {},
): AsyncGenerator<AlertRecord[]> {
  let offset = typeof from === 'number' ? from : from === 'end' ? await sizeOf(path) : 0;
  let pending = Buffer.alloc(0);
  const waker = new FolderWaker(dirname(path), signal, options);
  waker.start();
  try {
    while (!signal.aborted) {
      await waker.next();
      if (signal.aborted) return;
      const { from: start, bytes: read } = await readSince(path, offset);
      if (start < offset) pending = Buffer.alloc(0); // shrank: replaced, read again from the start
      offset = start + read.length;
      if (read.length === 0) continue;
      const bytes = pending.length > 0 ? Buffer.concat([pending, read]) : read;
      const complete = bytes.lastIndexOf(10) + 1;
      pending = Buffer.from(bytes.subarray(complete));
      const records = bytes.subarray(0, complete).toString('utf8').split('\n').flatMap((line) => parseAlertLine(line) ?? []);
      if (records.length > 0) yield records;
    }
  } finally {
    waker.stop();
  }
}

/**
 * In one open: the bytes appended since `offset`, or all of them (`from` 0)
 * when the file shrank below it; none when it is missing or unreadable.
 */
async function readSince(path: string, offset: number): Promise<{ from: number; bytes: Buffer }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { from: 0, bytes: Buffer.alloc(0) };
  }
  try {
    const { size } = await handle.stat();
    const from = size < offset ? 0 : offset;
    if (size === from) return { from, bytes: Buffer.alloc(0) };
    const buffer = Buffer.alloc(size - from);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
    return { from, bytes: buffer.subarray(0, bytesRead) };
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    const handle = await open(path, 'r');
    try {
      return (await handle.stat()).size;
    } finally {
      await handle.close();
    }
  } catch {
    return 0;
  }
}
