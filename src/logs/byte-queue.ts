const blockSize = 1024 * 1024;

/**
 * Text queued as UTF-8 bytes in large blocks. The hot path appends one
 * short string per line; building one giant JS string instead (a rope of
 * millions of pieces) kept everything alive until it was flattened and
 * made the garbage collector the main cost at millions of lines.
 */
export class ByteQueue {
  private blocks: Buffer[] = [];
  private current: Buffer | undefined;
  private used = 0;
  /** Bytes queued. */
  size = 0;

  append(text: string): void {
    const worst = text.length * 3;
    if (!this.current || this.used + worst > this.current.length) {
      this.seal();
      if (worst > blockSize) {
        const bytes = Buffer.from(text, 'utf8');
        this.blocks.push(bytes);
        this.size += bytes.length;
        return;
      }
      this.current = Buffer.allocUnsafe(blockSize);
      this.used = 0;
    }
    const written = this.current.write(text, this.used);
    this.used += written;
    this.size += written;
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
