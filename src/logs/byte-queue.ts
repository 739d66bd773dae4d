const blockSize = 1024 * 1024;

/**
 * Text queued as UTF-8 bytes in large blocks. The hot path appends one
 * short string per line; building one giant JS string instead (a rope of
 * millions of pieces) kept everything alive until it was flattened and
 * made the garbage collector the main cost at millions of lines.
 *
 * Bytes can also be written in place: `reserve` hands out the current block
 * with room at `used`, the caller fills it and `commit`s the new end, so a
 * chunk of lines costs no per-line allocation at all.
 */
export class ByteQueue {
  private blocks: Buffer[] = [];
  private current: Buffer | undefined;
  /** Bytes of the current block already filled: where in-place writes go. */
  used = 0;
  /** Bytes queued. */
  size = 0;

  append(text: string): void {
    const worst = text.length * 3;
    if (!this.current || this.used + worst > this.current.length) {
      this.seal();
      if (worst > blockSize) {
        this.appendBytes(Buffer.from(text, 'utf8'));
        return;
      }
      this.current = Buffer.allocUnsafe(blockSize);
      this.used = 0;
    }
    const written = this.current.write(text, this.used);
    this.used += written;
    this.size += written;
  }

  /** Queues bytes that the caller will not touch again (not copied). */
  appendBytes(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.seal();
    this.blocks.push(bytes);
    this.size += bytes.length;
  }

  /** The current block, with at least `min` free bytes from `used` on. */
  reserve(min: number): Buffer {
    if (this.current && this.current.length - this.used >= min) return this.current;
    this.seal();
    this.current = Buffer.allocUnsafe(Math.max(blockSize, min));
    this.used = 0;
    return this.current;
  }

  /** The bytes of the block from `reserve` up to `end` are queued. */
  commit(end: number): void {
    this.size += end - this.used;
    this.used = end;
  }

  /** Everything queued, as blocks in order (shared, not copied). */
  takeBlocks(): Buffer[] {
    this.seal();
    const blocks = this.blocks;
    this.blocks = [];
    this.size = 0;
    return blocks;
  }

  clear(): void {
    this.blocks = [];
    this.current = undefined;
    this.used = 0;
    this.size = 0;
  }

  private seal(): void {
    if (this.current && this.used > 0) {
      this.blocks.push(this.current.subarray(0, this.used));
      // The rest of the block stays usable: later appends continue after it.
      this.current = this.current.length - this.used >= 64 * 1024 ? this.current.subarray(this.used) : undefined;
      this.used = 0;
    }
  }
}
