/**
 * Reading `.netra/alerts.jsonl` for `netra alerts`: the records so far, the
 * ones still firing, and a follow mode that polls the file for new lines
 * (a file that shrinks was replaced: it is read again from the start).
 */
import { open, readFile } from 'node:fs/promises';
import { delay } from '../shared/clock.js';
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
 */
export async function* followAlerts(
  path: string,
  signal: AbortSignal,
  from: 'start' | 'end' | number,
  pollMs = 250,
): AsyncGenerator<AlertRecord[]> {
  let offset = typeof from === 'number' ? from : from === 'end' ? await sizeOf(path) : 0;
  let pending = '';
  while (!signal.aborted) {
    const size = await sizeOf(path);
    if (size < offset) {
      offset = 0;
      pending = '';
    }
    if (size > offset) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(size - offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        offset += bytesRead;
        pending += buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      const records = lines.flatMap((line) => parseAlertLine(line) ?? []);
      if (records.length > 0) yield records;
    }
    try {
      await delay(pollMs, signal);
    } catch {
      return;
    }
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
