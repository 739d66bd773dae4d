import { ByteQueue } from './byte-queue.js';

/**
 * Owns one output stream (the terminal's stdout or stderr): text is queued
 * and written once per event-loop turn as one string, so many lines cost
 * one `write`; while the stream signals backpressure nothing more is handed
 * to it, and the queue size tells the hub to pause the children.
 */
export class StreamWriter {
  private readonly queue = new ByteQueue();
  private scheduled = false;
  private waitingDrain = false;
  private broken = false;
  private readonly onError = (error: unknown): void => {
    // EPIPE when the reader went away (`netra dev up | head`): keep running, drop output.
    this.broken = true;
    this.queue.clear();
    this.waitingDrain = false;
    this.onBroken(error);
    this.onProgress();
  };

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly onProgress: () => void,
    private readonly onBroken: (error: unknown) => void,
  ) {
    stream.on('error', this.onError);
  }

  /** Bytes queued but not yet handed to the stream. */
  get queued(): number {
    return this.queue.size;
  }

  /** False once the stream broke: output is dropped, so callers can skip building it. */
  get accepting(): boolean {
    return !this.broken;
  }

  write(text: string): void {
    if (this.broken || text.length === 0) return;
    this.queue.append(text);
    this.schedule();
  }

  /** In-place writing (see ByteQueue): fill the block from `used` on, then `commit`. */
  get used(): number {
    return this.queue.used;
  }

  reserve(min: number): Buffer {
    return this.queue.reserve(min);
  }

  commit(end: number): void {
    if (this.broken) return;
    this.queue.commit(end);
    this.schedule();
  }

  private schedule(): void {
    if (!this.scheduled && !this.waitingDrain) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flushNow(false);
      });
    }
  }

  /** Hands the queue to the stream; with `force`, even while the stream is above its high-water mark. */
  flushNow(force: boolean): void {
    if (this.broken || this.queue.size === 0 || (this.waitingDrain && !force)) return;
    let accepted = true;
    try {
      for (const block of this.queue.takeBlocks()) accepted = this.stream.write(block);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (!accepted && !this.waitingDrain) {
      this.waitingDrain = true;
      this.stream.once('drain', () => {
        this.waitingDrain = false;
        this.flushNow(false);
        this.onProgress();
      });
    }
    this.onProgress();
  }

  detach(): void {
    this.stream.removeListener('error', this.onError);
  }
}
