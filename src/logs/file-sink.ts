import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { ByteQueue } from './byte-queue.js';

/** Size-based rotation of `<service>.log` to `<service>.log.1` … `.log.<maxFiles>`. */
export interface RotationOptions {
  /** Rotate once the file would grow past this many bytes. */
  maxBytes: number;
  /** How many rotated files to keep (`.1` is the newest). 0 keeps none. */
  maxFiles: number;
}

export const defaultRotation: RotationOptions = { maxBytes: 10 * 1024 * 1024, maxFiles: 5 };

/**
 * Appends JSONL text to one service's log file without ever blocking the
 * caller: `append` only queues; a single async loop writes whatever queued
 * up while the previous write was in flight (natural batching), rotates by
 * size at line boundaries, and on the first error (full disk, unwritable
 * folder) reports once and drops further file output.
 */
export class FileSink {
  private readonly queue = new ByteQueue();
  private running: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private size = 0;
  private failed = false;

  constructor(
    readonly path: string,
    private readonly rotation: RotationOptions,
    private readonly onError: (error: unknown) => void,
    private readonly onProgress: () => void,
  ) {}

  /** Bytes queued and not yet written. */
  get queued(): number {
    return this.queue.size;
  }

  /** False once writing failed: further output is dropped, so callers can skip building it. */
  get accepting(): boolean {
    return !this.failed;
  }

  /** Queues text; call `kick()` once after a batch of appends. */
  append(text: string): void {
    if (!this.failed) this.queue.append(text);
  }

  /** In-place writing (see ByteQueue): fill the block from `used` on, `commit`, then `kick()`. */
  get used(): number {
    return this.queue.used;
  }

  reserve(min: number): Buffer {
    return this.queue.reserve(min);
  }

  commit(end: number): void {
    if (!this.failed) this.queue.commit(end);
  }

  /** Starts writing what is queued, unless a write loop already runs (it will pick it up). */
  kick(): void {
    if (this.failed || this.queue.size === 0) return;
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = undefined;
        // Text appended after the loop saw an empty queue but before this ran would
        // otherwise wait for the next kick that may never come (a paused child).
        if (this.queue.size > 0) this.kick();
        this.onProgress();
      });
    }
  }

  /** Resolves once everything appended so far is written. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.flush();
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.failed) {
      try {
        await this.writeBlocks(this.queue.takeBlocks());
      } catch (error) {
        this.failed = true;
        this.queue.clear();
        await this.handle?.close().catch(() => undefined);
        this.handle = undefined;
        this.onError(error);
      }
      this.onProgress();
    }
  }

  /**
   * Blocks go out in writevs as long as they fit under the rotation size; a
   * block that crosses it is cut at a line by writeBytes. Every block ends
   * at a line end (the queue only ever takes whole records), so cutting
   * block by block cuts where one big concatenation would, without copying.
   */
  private async writeBlocks(blocks: Buffer[]): Promise<void> {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (const block of blocks) {
      if (block.length === 0) continue;
      await this.openHandle();
      if (this.size + batchBytes + block.length <= this.rotation.maxBytes) {
        batch.push(block);
        batchBytes += block.length;
        continue;
      }
      await this.writeAll(batch, batchBytes);
      batch = [];
      batchBytes = 0;
      await this.writeBytes(block);
    }
    await this.writeAll(batch, batchBytes);
  }

  private async writeAll(blocks: Buffer[], total: number): Promise<void> {
    if (total === 0) return;
    if (blocks.length === 1) return this.writeBytes(blocks[0] as Buffer);
    const handle = await this.openHandle();
    let pending = blocks;
    let left = total;
    while (left > 0) {
      const { bytesWritten } = await handle.writev(pending);
      left -= bytesWritten;
      this.size += bytesWritten;
      pending = dropBytes(pending, bytesWritten);
    }
    if (this.size >= this.rotation.maxBytes) await this.rotate();
  }

  private async writeBytes(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const handle = await this.openHandle();
      const budget = this.rotation.maxBytes - this.size;
      let end = bytes.length;
      if (end - offset > budget) {
        // Cut at the last whole line that fits; an empty file takes at least one line.
        const cut = budget > 0 ? bytes.lastIndexOf(10, offset + budget - 1) : -1;
        if (cut >= offset) end = cut + 1;
        else if (this.size > 0) {
          await this.rotate();
          continue;
        } else {
          const nl = bytes.indexOf(10, offset);
          end = nl === -1 ? bytes.length : nl + 1;
        }
      }
      let at = offset;
      while (at < end) {
        const { bytesWritten } = await handle.write(bytes, at, end - at);
        at += bytesWritten;
      }
      this.size += end - offset;
      offset = end;
      if (this.size >= this.rotation.maxBytes) await this.rotate();
    }
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    const handle = await open(this.path, 'a');
    this.size = (await handle.stat()).size;
    this.handle = handle;
    return handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
    const { maxFiles } = this.rotation;
    if (maxFiles <= 0) {
      await rm(this.path, { force: true });
    } else {
      await rm(`${this.path}.${maxFiles}`, { force: true });
      for (let i = maxFiles - 1; i >= 1; i -= 1) await renameIfExists(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      await rename(this.path, `${this.path}.1`);
    }
    this.size = 0;
  }
}

/** The blocks after the first `count` bytes (a short writev). */
function dropBytes(blocks: Buffer[], count: number): Buffer[] {
  let rest = count;
  const out: Buffer[] = [];
  for (const block of blocks) {
    if (rest >= block.length) {
      rest -= block.length;
      continue;
    }
    out.push(rest > 0 ? block.subarray(rest) : block);
    rest = 0;
  }
  return out;
}

async function renameIfExists(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * The `seq` of the last line of a log lineage (`<path>`, else `<path>.1`),
 * or 0. Read synchronously, once per service at start, so the seq of every
 * new line is known the moment it arrives.
 */
export function readLastSeqSync(path: string): number {
  for (const candidate of [path, `${path}.1`]) {
    const seq = lastSeqOfFile(candidate);
    if (seq !== undefined) return seq;
  }
  return 0;
}

function lastSeqOfFile(path: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = fstatSync(fd).size;
    for (let window = 64 * 1024; ; window *= 4) {
      const length = Math.min(size, window);
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n');
      // The first piece may be a partial line unless the window reached the file's start.
      const from = length === size ? 0 : 1;
      for (let i = lines.length - 1; i >= from; i -= 1) {
        const seq = seqOf(lines[i] as string);
        if (seq !== undefined) return seq;
      }
      if (length === size || window >= 16 * 1024 * 1024) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

function seqOf(line: string): number | undefined {
  if (line.length === 0) return undefined;
  try {
    const value = JSON.parse(line) as { seq?: unknown };
    return typeof value.seq === 'number' && Number.isSafeInteger(value.seq) ? value.seq : undefined;
  } catch {
    return undefined;
  }
}
