/**
 * The typed client of `netra.events.v1`: hello/welcome, subscriptions that
 * resume with `since` and `epoch` after a reconnect (deduplicated by seq),
 * publishes that are retried idempotently with their eventId, idle pings, and
 * jittered reconnects on the reconnectable close codes only.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type {
  EventEnvelope,
  PublishAck,
  Role,
  ServerFrame,
  SnapshotFrame,
  SubscribeAck,
  WelcomeFrame,
} from '../protocol.js';
import { RECONNECT_CLOSE_CODES, SUBPROTOCOL } from '../protocol.js';
import type { BackoffOptions } from './backoff.js';
import { backoffDelay } from './backoff.js';
import { EventsClientError } from './errors.js';

/** The subset of the WHATWG WebSocket the client uses (`ws` and browsers both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string, protocols: string | string[]) => WebSocketLike;

export interface ConnectOptions {
  /** `ws://127.0.0.1:P/v1/events` (NETRA_EVENTS_URL). */
  url: string;
  /** NETRA_EVENTS_TOKEN. */
  token: string;
  role: Role;
  WebSocketImpl?: WebSocketConstructor;
  /** Reconnect on the reconnectable close codes (and on abnormal drops, 1006); default true. */
  reconnect?: boolean;
  backoff?: BackoffOptions;
  /** Send a ping after this long without any frame; default 20 000. */
  idlePingMs?: number;
  /** Reconnect when a ping gets no pong within this long; default 10 000. */
  pongTimeoutMs?: number;
  /** Told about every drop and reconnect, for logs. */
  onConnectionChange?: (change: { state: 'open' | 'reconnecting' | 'closed'; closeCode?: number; delayMs?: number }) => void;
}

export interface SubscribeOptions {
  /** Only this run's events. */
  runId?: string;
  /** Resume after this seq (of `epoch`); later resumes use the last seq seen. */
  since?: number;
  epoch?: string;
  onEvent: (event: EventEnvelope) => void;
  onSnapshot?: (snapshot: SnapshotFrame) => void;
  onAck?: (ack: SubscribeAck) => void;
  /** Drop events whose seq was already delivered; default true. `verify` turns it off to see raw delivery. */
  dedup?: boolean;
}

export interface Subscription {
  readonly threadId: string;
  /** The last seq delivered (0 before any). */
  readonly lastSeq: number;
  /** Resolves with the first subscribe ack. */
  readonly ready: Promise<SubscribeAck>;
  unsubscribe(): void;
}

export interface PublishResult {
  seq: number;
  runSeq: number;
  duplicate: boolean;
}

interface SubState {
  threadId: string;
  options: SubscribeOptions;
  lastSeq: number;
  epoch: string | undefined;
  resumable: boolean;
  resolveReady: (ack: SubscribeAck) => void;
}

interface Pending {
  frame: string;
  resolve: (frame: ServerFrame) => void;
  reject: (error: Error) => void;
}

export class EventsClient {
  private ws: WebSocketLike | undefined;
  private welcome: WelcomeFrame | undefined;
  private readonly subs = new Map<string, SubState>();
  private readonly pending = new Map<string, Pending>();
  private nextId = 0;
  private attempt = 0;
  private finished = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private firstWelcome: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private closedResolve!: (info: { code: number }) => void;
  /** Resolves when the client stops for good (close(), or a non-reconnectable close code). */
  readonly closed = new Promise<{ code: number }>((resolve) => (this.closedResolve = resolve));

  constructor(private readonly options: ConnectOptions) {}

  get epoch(): string | undefined {
    return this.welcome?.epoch;
  }

  get sessionId(): string | undefined {
    return this.welcome?.sessionId;
  }

  /** Opens the first connection; resolves on its welcome. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstWelcome = { resolve, reject };
      this.open();
    });
  }

  subscribe(threadId: string, options: SubscribeOptions): Subscription {
    let resolveReady!: (ack: SubscribeAck) => void;
    const ready = new Promise<SubscribeAck>((resolve) => (resolveReady = resolve));
    const state: SubState = {
      threadId,
      options,
      lastSeq: options.since ?? 0,
      epoch: options.epoch,
      resumable: options.since !== undefined,
      resolveReady,
    };
    this.subs.set(threadId, state);
    this.sendSubscribe(state);
    return {
      threadId,
      ready,
      get lastSeq() {
        return state.lastSeq;
      },
      unsubscribe: () => {
        if (this.subs.get(threadId) !== state) return;
        this.subs.delete(threadId);
        this.sendRaw({ type: 'unsubscribe', threadId });
      },
    };
  }

  /** Publishes one event; retried with the same eventId across reconnects, so at most one is accepted. */
  async publish(threadId: string, runId: string, event: string, payload: unknown = {}, eventId: string = randomUUID()): Promise<PublishResult> {
    const ack = (await this.request({ type: 'publish', threadId, runId, event, payload, eventId })) as PublishAck;
    return { seq: ack.seq, runSeq: ack.runSeq, duplicate: ack.duplicate === true };
  }

  async ping(): Promise<void> {
    await this.request({ type: 'ping' });
  }

  /** Closes with 1000; pending calls reject with `closed`. */
  async close(): Promise<void> {
    if (!this.finished) this.finish(1000);
    await this.closed;
  }

  private request(frame: Record<string, unknown>): Promise<ServerFrame> {
    if (this.finished) return Promise.reject(new EventsClientError('closed', 'the events client is closed'));
    const id = `r${(this.nextId += 1)}`;
    const text = JSON.stringify({ ...frame, id });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { frame: text, resolve, reject });
      if (this.welcome !== undefined) this.ws?.send(text);
    });
  }

  private sendSubscribe(state: SubState): void {
    const { runId } = state.options;
    this.sendRaw({
      type: 'subscribe',
      id: `s:${state.threadId}`,
      threadId: state.threadId,
      ...(runId !== undefined ? { runId } : {}),
      ...(state.resumable ? { since: state.lastSeq, ...(state.epoch ? { epoch: state.epoch } : {}) } : {}),
    });
  }

  private sendRaw(frame: Record<string, unknown>): void {
    if (this.welcome !== undefined && this.ws?.readyState === 1) this.ws.send(JSON.stringify(frame));
  }

  private open(): void {
    const Impl = this.options.WebSocketImpl ?? (WebSocket as unknown as WebSocketConstructor);
    const ws = new Impl(this.options.url, SUBPROTOCOL);
    this.ws = ws;
    this.welcome = undefined;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: this.options.token, role: this.options.role }));
    ws.onmessage = (message) => this.onFrame(String(message.data));
    ws.onerror = () => {
      // The close event follows with the code that decides what to do.
    };
    ws.onclose = (event) => {
      if (this.ws === ws) this.onDrop(event.code);
    };
  }

  private onFrame(text: string): void {
    this.armIdle();
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome':
        return this.onWelcome(frame);
      case 'event':
        return this.onEvent(frame);
      case 'snapshot':
        return this.subs.get(frame.threadId)?.options.onSnapshot?.(frame);
      case 'pong':
        clearTimeout(this.pongTimer);
        this.pongTimer = undefined;
        return this.settle(frame.id, frame);
      case 'ack':
        if (typeof frame.id === 'string' && frame.id.startsWith('s:') && 'headSeq' in frame) return this.onSubscribeAck(frame);
        return this.settle(frame.id, frame);
      case 'error': {
        const entry = frame.id === undefined ? undefined : this.pending.get(String(frame.id));
        if (entry === undefined) return;
        this.pending.delete(String(frame.id));
        entry.reject(new EventsClientError(frame.code, frame.message));
        return;
      }
    }
  }

  private onWelcome(frame: WelcomeFrame): void {
    this.welcome = frame;
    this.attempt = 0;
    for (const state of this.subs.values()) this.sendSubscribe(state);
    for (const entry of this.pending.values()) this.ws?.send(entry.frame);
    this.options.onConnectionChange?.({ state: 'open' });
    this.firstWelcome?.resolve();
    this.firstWelcome = undefined;
  }

  private onSubscribeAck(ack: SubscribeAck): void {
    const state = this.subs.get(ack.threadId);
    if (state === undefined) return;
    // A new epoch restarts seq numbering: forget what we saw so the replay is not deduplicated away.
    if (ack.recovered === false && ack.reason === 'epoch_changed') state.lastSeq = 0;
    if (ack.recovered !== true && !state.resumable) state.lastSeq = ack.headSeq;
    state.epoch = ack.epoch;
    state.resumable = true;
    state.options.onAck?.(ack);
    state.resolveReady(ack);
  }

  private onEvent(event: EventEnvelope): void {
    const own = this.subs.get(event.threadId);
    const state = own ?? this.subs.get('*');
    if (state === undefined) return;
    // The all-threads subscription (`*`, a netra extension) is live only: no per-thread resume state.
    if (own === undefined) return state.options.onEvent(event);
    if (state.options.dedup !== false && event.seq <= state.lastSeq && event.epoch === state.epoch) return;
    state.lastSeq = Math.max(state.lastSeq, event.seq);
    state.epoch = event.epoch;
    state.options.onEvent(event);
  }

  private settle(id: string | number | undefined, frame: ServerFrame): void {
    if (id === undefined) return;
    const entry = this.pending.get(String(id));
    if (entry === undefined) return;
    this.pending.delete(String(id));
    entry.resolve(frame);
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.finished) return;
    this.idleTimer = setTimeout(() => {
      this.sendRaw({ type: 'ping', id: 'idle' });
      this.pongTimer ??= setTimeout(() => this.dropDeadSocket(), this.options.pongTimeoutMs ?? 10_000);
    }, this.options.idlePingMs ?? 20_000);
    this.idleTimer.unref?.();
  }

  /** No pong: a close handshake would wait on the same dead peer, so cut the socket when we can. */
  private dropDeadSocket(): void {
    const ws = this.ws as (WebSocketLike & { terminate?: () => void }) | undefined;
    if (ws?.terminate !== undefined) ws.terminate();
    else ws?.close(4000, 'no pong');
  }

  private onDrop(code: number): void {
    this.welcome = undefined;
    clearTimeout(this.idleTimer);
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
    if (this.finished) return;
    const reconnectable = RECONNECT_CLOSE_CODES.has(code) || code === 1006;
    if (this.firstWelcome !== undefined && !RECONNECT_CLOSE_CODES.has(code)) {
      this.firstWelcome.reject(new EventsClientError('connect_failed', `could not connect to ${this.options.url} (close ${code})`, code));
      this.firstWelcome = undefined;
      return this.finish(code);
    }
    if (this.options.reconnect === false || !reconnectable) return this.finish(code);
    const delayMs = backoffDelay(this.attempt, this.options.backoff);
    this.attempt += 1;
    this.options.onConnectionChange?.({ state: 'reconnecting', closeCode: code, delayMs });
    this.retryTimer = setTimeout(() => this.open(), delayMs);
  }

  private finish(code: number): void {
    this.finished = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.pongTimer);
    clearTimeout(this.retryTimer);
    for (const entry of this.pending.values()) entry.reject(new EventsClientError('closed', `connection closed (${code})`, code));
    this.pending.clear();
    const ws = this.ws;
    if (ws !== undefined && ws.readyState <= 1) {
      ws.onclose = () => this.closedResolve({ code });
      ws.close(1000, 'client closed');
    } else {
      this.closedResolve({ code });
    }
    this.options.onConnectionChange?.({ state: 'closed', closeCode: code });
  }
}

/** Connects, says hello and resolves once welcomed. */
export async function connectEvents(options: ConnectOptions): Promise<EventsClient> {
  const client = new EventsClient(options);
  await client.start();
  return client;
}
