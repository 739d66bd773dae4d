import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { LogRecord } from '../../../src/logs/index.js';

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'netra-logs-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A writable stream that keeps everything written to it. */
export class Collector extends Writable {
  chunks: string[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }
  get text(): string {
    return this.chunks.join('');
  }
  get lines(): string[] {
    const text = this.text;
    return text.length === 0 ? [] : text.replace(/\n$/, '').split('\n');
  }
}

export async function readRecords(path: string): Promise<LogRecord[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as LogRecord);
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

