import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { blockSize, releaseBlock, takeBlock } from './block-pool.js';

const chunkSize = blockSize;

/**
 * Reads whole lines forward from an open file, from `offset` up to `end`
 * (the size when the read starts, by default). A line without its newline
 * yet (a write in progress) stays in `partial` until the rest arrives, so a
 * follower never prints half a line.
 */
export class FileCursor {
  offset: number;
  private partial: Buffer | undefined;
  /** The last bytes before `offset` as read: if they change, the file was rewritten in place. */
  private signature: Buffer | undefined;

  private constructor(
    readonly handle: FileHandle,
    readonly ino: number,
    offset: number,
  ) {
    this.offset = offset;
  }

  /** Opens `path`; undefined when it does not exist. */
  static async open(path: string, offset = 0): Promise<FileCursor | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const { ino } = await handle.stat();
    return new FileCursor(handle, ino, offset);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  /** Starts again at 0: the file was truncated. */
  reset(): void {
    this.offset = 0;
    this.partial = undefined;
    this.signature = undefined;
  }

  /**
   * Whether the file was truncated and written again since the last read,
   * even past the old offset (a size check alone misses that): the bytes
   * just before the offset must still be the ones read there.
   */
  async rewritten(size: number): Promise<boolean> {
    if (size < this.offset) return true;
    const signature = this.signature;
    if (!signature || this.offset < signature.length) return false;
    const now = Buffer.allocUnsafe(signature.length);
    const { bytesRead } = await this.handle.read(now, 0, signature.length, this.offset - signature.length);
    return bytesRead !== signature.length || !now.equals(signature);
  }

  /**
   * The complete lines between the cursor and `end`, at most about `maxBytes`
   * of them per call; `done` is false when more remain before `end`.
   */
  async readLines(end: number, maxBytes = 2 * chunkSize, needle?: string): Promise<{ lines: string[]; done: boolean }> {
    const lines: string[] = [];
    // Two blocks, so the next one is read while the last one is searched; nothing handed out points
    // into them (lines are decoded, the unfinished line copied), so they go back to the pool at the end.
    const blocks: Buffer[] = [];
    let read = 0;
    try {
      let next = this.offset < end ? this.readBlock(end, blocks, 0) : undefined;
      for (let slot = 1; next; slot ^= 1) {
        const { data, bytesRead } = await next;
        if (bytesRead === 0) break;
        read += bytesRead;
        const lastNewline = data.lastIndexOf(10);
        // Kept as a copy, not a view: the block is reused, and a read that finds nothing more must still have it.
        this.partial = lastNewline < data.length - 1 ? Buffer.from(data.subarray(lastNewline + 1)) : undefined;
        // The next read starts before this block is searched: the disk and the search overlap.
        next = this.offset < end && read < maxBytes ? this.readBlock(end, blocks, slot) : undefined;
        if (lastNewline !== -1) collectLines(data, 0, lastNewline, lines, needle);
      }
    } finally {
      for (const block of blocks) releaseBlock(block);
    }
    return { lines, done: this.offset >= end };
  }

  /**
   * Reads the next block after the unfinished line of the last one: copying
   * that one line is cheaper than concatenating (and allocating) whole blocks.
   */
  private async readBlock(end: number, blocks: Buffer[], slot: number): Promise<{ data: Buffer; bytesRead: number }> {
    const length = Math.min(chunkSize, end - this.offset);
    const carried = this.partial?.length ?? 0;
    let buffer = blocks[slot];
    if (!buffer || buffer.length < carried + length) {
      if (buffer) releaseBlock(buffer);
      buffer = takeBlock(carried + length);
      blocks[slot] = buffer;
    }
    this.partial?.copy(buffer, 0);
    const { bytesRead } = await this.handle.read(buffer, carried, length, this.offset);
    this.offset += bytesRead;
    if (bytesRead > 0) this.signature = Buffer.from(buffer.subarray(carried + Math.max(0, bytesRead - 64), carried + bytesRead));
    return { data: buffer.subarray(0, carried + bytesRead), bytesRead };
  }

  async close(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

/** Reads a file backwards in blocks, yielding its complete lines newest first. */
export async function* readLinesBackward(handle: FileHandle, end: number, needle?: string): AsyncGenerator<string[]> {
  let position = end;
  let carry: Buffer | undefined;
  let block: Buffer | undefined;
  try {
    while (position > 0) {
      // The carried start of the newer block's first line goes right after the bytes read (no concat copy),
      // and both fit in one pooled block unless that line is long.
      const carried = carry?.length ?? 0;
      const length = Math.min(carried <= blockSize / 2 ? blockSize - carried : chunkSize, position);
      position -= length;
      if (block) releaseBlock(block);
      block = takeBlock(length + carried);
      carry?.copy(block, length);
      await handle.read(block, 0, length, position);
      const data = block.subarray(0, length + carried);
      // Everything before the first newline may continue in the previous block.
      const firstNewline = position > 0 ? data.indexOf(10) : -1;
      if (position > 0 && firstNewline === -1) {
        carry = Buffer.from(data);
        continue;
      }
      carry = position > 0 ? Buffer.from(data.subarray(0, firstNewline)) : undefined;
      const lines: string[] = [];
      collectLines(data, firstNewline + 1, data.length, lines, needle);
      lines.reverse();
      yield lines;
    }
  } finally {
    if (block) releaseBlock(block); // lines are decoded strings and the carry a copy: nothing points into it
  }
}

/**
 * Pushes the non-empty lines of `data[from, to)`; with a `needle`, only the
 * lines that contain it, found by searching the bytes (memmem-fast) so the
 * rest of the block is never decoded, and each kept line is its own small
 * string rather than a slice that would keep the whole block alive.
 */
export function collectLines(data: Buffer, from: number, to: number, out: string[], needle?: string): void {
  if (needle === undefined) {
    for (const line of data.toString('utf8', from, to).split('\n')) if (line.length > 0) out.push(line);
    return;
  }
  let at = data.indexOf(needle, from, 'utf8');
  while (at !== -1 && at < to) {
    const start = Math.max(from, data.lastIndexOf(10, at) + 1);
    let end = data.indexOf(10, at);
    if (end === -1 || end > to) end = to;
    out.push(data.toString('utf8', start, end));
    at = data.indexOf(needle, end, 'utf8');
  }
}
