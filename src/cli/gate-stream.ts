/**
 * Holds terminal output while the start-up task list redraws on a TTY, then
 * lets it through in order. Bounded: past `maxBytes` the oldest held output
 * is dropped from the screen only (the log files keep every line) and a note
 * says how much.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';

export class GateStream extends Writable {
  // Buffers stay Buffers: decoding each chunk only for stdout to encode it again cost ~10% of a log flood.
  private held: Array<string | Buffer> = [];
  private heldBytes = 0;
  private droppedBytes = 0;
  private open: boolean;
  /** The reader went away (EPIPE: `netra dev up | head`): the terminal view ends, the stack goes on. */
  private broken = false;

  constructor(
    private readonly target: NodeJS.WritableStream,
    options: { open: boolean; maxBytes?: number },
    private readonly maxBytes = options.maxBytes ?? 4 * 1024 * 1024,
  ) {
    super({ decodeStrings: false });
    this.open = options.open;
    target.on('error', () => {
      this.broken = true;
    });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.broken) {
      callback();
      return;
    }
    if (this.open) {
      // Full: either it drains or it breaks (once() rejects on 'error'); both let the writer go on.
      if (this.target.write(chunk)) callback();
      else once(this.target, 'drain').then(() => callback(), () => callback());
      return;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    while (this.heldBytes > this.maxBytes && this.held.length > 1) {
      const dropped = this.held.shift()!;
      this.heldBytes -= dropped.length;
      this.droppedBytes += dropped.length;
    }
    callback();
  }

  /** Lets held and future output through. */
  release(note?: (droppedBytes: number) => string): void {
    if (this.open) return;
    this.open = true;
    if (this.droppedBytes > 0 && note) this.target.write(note(this.droppedBytes));
    for (const chunk of this.held) this.target.write(chunk);
    this.held = [];
    this.heldBytes = 0;
  }
}
