/**
 * One WebSocket connection: the hello handshake, frame dispatch, the error
 * budget, and the per-socket write queue with backpressure policing
 * (EVENTS.md "Liveness and backpressure", close 4008).
 */
import type { WebSocket } from 'ws';
import type { Socket } from 'node:net';
import type { EventHub } from './hub.js';
import type { Observers } from './observation.js';
import type { FlushScheduler, Flushable } from './flush-scheduler.js';
import type { FrameSink } from './thread-state.js';
import type { ClientFrame, EventsErrorCode, Role, WelcomeFrame } from './protocol.js';
import { CloseCode, STATE_MACHINE_CODES } from './protocol.js';
import { parseClientFrame } from './validate.js';
import { tokenMatches } from './token.js';
import { ErrorBudget } from './error-budget.js';
import { textFrame } from './ws-frame.js';

/**
 * A tick's frames up to this size are joined into one buffer (shared by the sockets that queued the
 * same frames); beyond it the copy costs more than the writes it saves and would double the memory
 * held for a slow reader, so the frames (already held by the replay buffer) are written as they are.
 */
export const MAX_JOINED_BYTES = 64 * 1024;

export const MAX_SUBSCRIPTIONS = 1024;

export interface BackpressureLimits {
  /** Above this many buffered bytes for `softMs`, the socket is closed with 4008. */
  softBytes: number;
  softMs: number;
  /** Above this many buffered bytes at once, the socket is closed with 4008. */
  hardBytes: number;
  /** A socket closed for backpressure is terminated this long after the close frame. */
  terminateAfterMs: number;
}

export interface ConnectionContext {
  token: string;
  hub: EventHub;
  observers: Observers;
  scheduler: FlushScheduler;
  welcome: Omit<WelcomeFrame, 'sessionId'>;
  helloTimeoutMs: number;
  backpressure: BackpressureLimits;
  errorLimit: { max: number; windowMs: number };
  now: () => number;
  onClosed(connection: Connection): void;
}

export class Connection implements FrameSink, Flushable {
  role: Role | undefined;
  /** Cleared by each heartbeat ping, set again by the pong. */
  alive = true;
  /** Complete WebSocket frames waiting for this tick's flush. */
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private closing = false;
  private readonly threads = new Set<string>();
  private readonly errors: ErrorBudget;
  private helloTimer: NodeJS.Timeout | undefined;
  private softTimer: NodeJS.Timeout | undefined;
  private terminateTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    private readonly ws: WebSocket,
    private readonly ctx: ConnectionContext,
  ) {
    this.errors = new ErrorBudget(ctx.errorLimit.max, ctx.errorLimit.windowMs, ctx.now);
    this.helloTimer = setTimeout(() => this.close(CloseCode.helloTimeout, 'no hello'), ctx.helloTimeoutMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('close', (code: number, reason: Buffer) => this.onClose(code, reason.toString()));
    ws.on('error', () => {
      // 'close' follows every 'error' in ws (1009, protocol errors); nothing to do here.
    });
  }

  send(json: string): void {
    if (this.closing) return;
    this.sendFramed(textFrame(json));
  }

  sendFramed(wire: Buffer): void {
    if (this.closing) return;
    this.queue.push(wire);
    this.queuedBytes += wire.length;
    if (this.queuedBytes + this.ws.bufferedAmount > this.ctx.backpressure.hardBytes) {
      this.slowConsumer();
      return;
    }
    this.ctx.scheduler.mark(this);
  }

  flush(): number {
    if (this.closing || this.queue.length === 0) return this.ws.bufferedAmount;
    const frames = this.queue;
    const bytes = this.queuedBytes;
    this.queue = [];
    this.queuedBytes = 0;
    // The frames are complete (ws-frame.ts), so they bypass ws's Sender and go straight to the socket:
    // one write per tick. Order with ws's own frames (ping, close) holds because, with permessage-deflate
    // off and no Blob data, ws 8's Sender never queues: it writes to this same socket synchronously.
    // Like ws.send after a close frame (either side), frames are dropped once the socket is not OPEN.
    const socket = this.ws.readyState === this.ws.OPEN ? (this.ws as unknown as { _socket?: Socket })._socket : undefined;
    if (socket === undefined || !socket.writable) return this.ws.bufferedAmount;
    if (frames.length === 1) {
      socket.write(frames[0]!);
    } else if (bytes <= MAX_JOINED_BYTES) {
      socket.write(this.ctx.scheduler.join(frames, bytes));
    } else {
      // Large frames are not copied: a corked socket turns these writes into one writev.
      socket.cork();
      for (const frame of frames) socket.write(frame);
      socket.uncork();
    }
    this.policeBuffer();
    return this.ws.bufferedAmount;
  }

  /** The heartbeat: terminate when the previous ping got no pong. */
  heartbeat(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    // Frames already queued (e.g. the error that tripped the limit) go out before the close frame,
    // except for a slow consumer, whose backlog is the problem.
    if (code !== CloseCode.slowConsumer) this.flush();
    this.closing = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  private policeBuffer(): void {
    const { softBytes, softMs, hardBytes } = this.ctx.backpressure;
    const buffered = this.ws.bufferedAmount;
    if (buffered > hardBytes) return this.slowConsumer();
    if (buffered <= softBytes) {
      clearTimeout(this.softTimer);
      this.softTimer = undefined;
    } else if (this.softTimer === undefined) {
      this.softTimer = setTimeout(() => {
        this.softTimer = undefined;
        if (this.ws.bufferedAmount > softBytes) this.slowConsumer();
      }, softMs);
    }
  }

  private slowConsumer(): void {
    if (this.closing) return;
    if (this.ctx.observers.active) {
      const { id: connectionId, role } = this;
      this.ctx.observers.emit({ kind: 'connection', phase: 'closing', connectionId, role, code: CloseCode.slowConsumer, reason: 'slow consumer' });
    }
    this.close(CloseCode.slowConsumer, 'slow consumer');
    // The close frame waits behind the backlog a stalled reader never drains.
    this.terminateTimer = setTimeout(() => this.ws.terminate(), this.ctx.backpressure.terminateAfterMs);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) return this.close(CloseCode.unsupportedData, 'text frames only');
    const parsed = parseClientFrame(data.toString('utf8'));
    if (this.role === undefined) return this.onHello(parsed);
    if (!parsed.ok) return this.reject(parsed.id, parsed.code, parsed.message);
    this.dispatch(parsed.value);
  }

  private onHello(parsed: ReturnType<typeof parseClientFrame>): void {
    clearTimeout(this.helloTimer);
    if (!parsed.ok || parsed.value.type !== 'hello') return this.close(CloseCode.unauthorized, 'hello expected');
    if (!tokenMatches(this.ctx.token, parsed.value.token)) return this.close(CloseCode.unauthorized, 'bad token');
    this.role = parsed.value.role;
    this.send(JSON.stringify({ ...this.ctx.welcome, sessionId: this.id }));
    if (this.ctx.observers.active) {
      this.ctx.observers.emit({ kind: 'connection', phase: 'opened', connectionId: this.id, role: this.role });
    }
  }

  private dispatch(frame: ClientFrame): void {
    switch (frame.type) {
      case 'hello':
        return this.reject(undefined, 'bad_request', 'hello was already received');
      case 'ping':
        return this.send(JSON.stringify({ type: 'pong', id: frame.id }));
      case 'subscribe':
        // Each subscription may create a thread: bound what one socket can make the server hold.
        if (!this.threads.has(frame.threadId) && this.threads.size >= MAX_SUBSCRIPTIONS) {
          return this.reject(frame.id, 'rate_limited', `at most ${MAX_SUBSCRIPTIONS} subscriptions per connection`);
        }
        this.threads.add(frame.threadId);
        return this.ctx.hub.subscribe(this, frame);
      case 'unsubscribe':
        this.threads.delete(frame.threadId);
        this.ctx.hub.unsubscribe(this, frame.threadId);
        return this.send(JSON.stringify({ type: 'ack', id: frame.id, threadId: frame.threadId }));
      case 'publish': {
        const { id, threadId, runId, event } = frame;
        if (this.role !== 'backend') return this.reject(id, 'forbidden', 'only backends publish', { threadId, runId, event });
        // Explicit objects, not spreads: this is the per-event path, and spread copies cost a third of it.
        const result = this.ctx.hub.publish({ threadId, runId, event, payload: frame.payload, eventId: frame.eventId, publisher: this.id });
        if (!result.ok) return this.reject(id, result.code, result.message, { threadId, runId, event });
        // `duplicate` is omitted by JSON.stringify when undefined, as before.
        return this.send(JSON.stringify({ type: 'ack', id, seq: result.seq, runSeq: result.runSeq, duplicate: result.duplicate }));
      }
    }
  }

  private reject(
    id: string | number | undefined,
    code: EventsErrorCode,
    message: string,
    where: { threadId?: string; runId?: string; event?: string } = {},
  ): void {
    this.send(JSON.stringify({ type: 'error', id, code, message, retryable: false }));
    const { observers } = this.ctx;
    if (observers.active) {
      observers.emit({ kind: 'rejected', code, message, transport: 'ws', connectionId: this.id, role: this.role, ...where });
    }
    if (!STATE_MACHINE_CODES.has(code) && this.errors.spend()) {
      this.close(CloseCode.tooManyErrors, 'too many errors');
    }
  }

  private onClose(code: number, reason: string): void {
    this.closing = true;
    this.queue = [];
    clearTimeout(this.helloTimer);
    clearTimeout(this.softTimer);
    clearTimeout(this.terminateTimer);
    for (const threadId of this.threads) this.ctx.hub.unsubscribe(this, threadId);
    this.ctx.hub.publisherClosed(this.id);
    if (this.ctx.observers.active) {
      this.ctx.observers.emit({ kind: 'connection', phase: 'closed', connectionId: this.id, role: this.role, code, reason });
    }
    this.ctx.onClosed(this);
  }
}
