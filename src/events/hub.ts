/**
 * The heart of the server, free of sockets: threads, runs, seq assignment,
 * the replay buffers under their global budget, subscriptions with resume,
 * and the timers that end abandoned runs (EVENTS.md rule 6). Connections and
 * the HTTP endpoint call it; it writes frames to `FrameSink`s.
 */
import type { EventsErrorCode, SubscribeAck, SubscribeFrame } from './protocol.js';
import type { FrameSink } from './thread-state.js';
import type { PlannedEvent, RunRecord } from './run-state.js';
import type { Observers } from './observation.js';
import { ThreadState } from './thread-state.js';
import { applyEvent, newRunRecord, planAbandon, planPublish } from './run-state.js';
import { checkEvent } from './validate.js';
import { redact } from './redact.js';
import { encodeEvent, toReplayWire } from './encode.js';
import { MAX_EVENT_PAYLOAD_BYTES } from './protocol.js';

export interface ReplayLimits {
  maxEvents: number;
  maxBytes: number;
  totalBytes: number;
  idleEvictMs: number;
}

export interface HubOptions {
  epoch: string;
  now: () => number;
  runTimeoutMs: number;
  publisherLostMs: number;
  replay: ReplayLimits;
  observers: Observers;
}

export interface PublishRequest {
  threadId: string;
  runId: string;
  event: string;
  payload: unknown;
  eventId?: string | undefined;
  /** Connection id of a WebSocket publisher; null for HTTP. */
  publisher: string | null;
}

export type PublishResult =
  | { ok: true; seq: number; runSeq: number; duplicate?: true }
  | { ok: false; code: EventsErrorCode; message: string };

/** Threads whose id starts with this are written by the server only (`publishSystem`). */
export const RESERVED_THREAD_PREFIX = '_netra';
export const SYSTEM_RUN_ID = '_system';
/** A netra extension: subscribing to this thread id gets every thread's live events (no replay). */
export const ALL_THREADS = '*';
const MAX_TOMBSTONES = 100_000;
/** Rule 7 memory per run: the most recent eventIds are remembered (retries come soon after). */
const MAX_EVENT_IDS_PER_RUN = 10_000;

export class EventHub {
  private readonly threads = new Map<string, ThreadState>(); // insertion order = least recently used first
  /** The last thread in `threads` (the most recently used), or undefined. */
  private mostRecent: ThreadState | undefined;
  /** Head seqs of evicted threads, so a seq is never reused within an epoch. */
  private readonly tombstones = new Map<string, number>();
  private readonly runsByPublisher = new Map<string, Set<RunRecord>>();
  private readonly timers = new Map<RunRecord, NodeJS.Timeout>();
  private readonly runThread = new WeakMap<RunRecord, ThreadState>();
  private totalBytes = 0;
  private readonly everything = new Map<string, FrameSink>();

  constructor(private readonly options: HubOptions) {}

  get threadCount(): number {
    return this.threads.size;
  }

  get bufferedBytes(): number {
    return this.totalBytes;
  }

  publish(request: PublishRequest): PublishResult {
    const { threadId, runId, event, eventId, publisher } = request;
    if (threadId.startsWith(RESERVED_THREAD_PREFIX) || threadId === ALL_THREADS) {
      return { ok: false, code: 'forbidden', message: `thread ${threadId} is reserved for the server` };
    }
    let thread = this.threads.get(threadId);
    let run = thread?.runs.get(runId);
    // Rule 7 comes first: a retried event (even a terminal after the end) is a duplicate.
    const seen = eventId === undefined ? undefined : run?.eventIds.get(eventId);
    if (seen !== undefined && run !== undefined) {
      if (run.status === 'open') this.setPublisher(run, publisher);
      return { ok: true, seq: seen.seq, runSeq: seen.runSeq, duplicate: true };
    }
    const checked = checkEvent(event, request.payload);
    if (!checked.ok) return { ok: false, code: checked.code, message: checked.message };
    const payload = redact(checked.value) as Record<string, unknown>;
    const payloadJson = JSON.stringify(payload);
    // UTF-8 needs at most 3 bytes per UTF-16 unit: most payloads are under the limit without a byte count.
    if (payloadJson.length * 3 > MAX_EVENT_PAYLOAD_BYTES && Buffer.byteLength(payloadJson) > MAX_EVENT_PAYLOAD_BYTES) {
      return { ok: false, code: 'payload_too_large', message: `payload over ${MAX_EVENT_PAYLOAD_BYTES} bytes` };
    }
    const plan = planPublish(run, event, payload);
    if (!plan.ok) return plan;

    thread ??= this.createThread(threadId);
    if (run === undefined) {
      run = newRunRecord(runId, this.options.now());
      thread.runs.set(runId, run);
      thread.openRuns += 1;
      this.runThread.set(run, thread);
    }
    let seq = 0;
    for (const planned of plan.events) {
      seq = this.accept(thread, run, planned, planned.synthetic ? undefined : payloadJson);
    }
    const ack = { seq, runSeq: run.runSeq };
    if (eventId !== undefined) {
      run.eventIds.set(eventId, ack);
      if (run.eventIds.size > MAX_EVENT_IDS_PER_RUN) run.eventIds.delete(run.eventIds.keys().next().value!);
    }
    if (run.status === 'open') {
      run.lastPublishAt = this.options.now();
      this.setPublisher(run, publisher);
      if (!this.timers.has(run)) this.armTimer(run);
    }
    return { ok: true, ...ack };
  }

  /** A server-originated event, outside any run's state machine (alerts on `_netra`). */
  publishSystem(threadId: string, event: string, payload: unknown): number {
    const thread = this.threads.get(threadId) ?? this.createThread(threadId);
    const redacted = redact(payload ?? {});
    thread.systemRunSeq += 1;
    return this.store(thread, SYSTEM_RUN_ID, thread.systemRunSeq, event, true, JSON.stringify(redacted), redacted);
  }

  /** Subscribe and resume (EVENTS.md "Subscribe and resume"): ack, snapshot when needed, replay. */
  subscribe(sink: FrameSink, frame: SubscribeFrame): void {
    if (frame.threadId === ALL_THREADS) {
      this.everything.set(sink.id, sink);
      sink.send(JSON.stringify({ type: 'ack', id: frame.id, threadId: ALL_THREADS, headSeq: 0, epoch: this.options.epoch }));
      return;
    }
    const thread = this.threads.get(frame.threadId) ?? this.createThread(frame.threadId);
    this.touch(thread);
    const { epoch } = this.options;
    const ack: SubscribeAck = { type: 'ack', id: frame.id, threadId: thread.id, headSeq: thread.headSeq, epoch };
    let replayFrom: number | undefined;
    if (frame.since !== undefined) {
      const firstRetained = thread.buffer.firstSeq ?? thread.headSeq + 1;
      if (frame.epoch !== undefined && frame.epoch !== epoch) {
        Object.assign(ack, { recovered: false, reason: 'epoch_changed' });
        replayFrom = 0;
      } else if (frame.since >= firstRetained - 1 && frame.since <= thread.headSeq) {
        ack.recovered = true;
        replayFrom = frame.since;
      } else {
        // Older than the buffer, or ahead of a head this epoch never reached.
        Object.assign(ack, { recovered: false, reason: 'too_old' });
        replayFrom = 0;
      }
    }
    sink.send(JSON.stringify(ack));
    if (ack.recovered !== true) sink.send(JSON.stringify(thread.snapshot(frame.runId)));
    if (replayFrom !== undefined) {
      for (const item of thread.buffer.after(replayFrom, frame.runId)) sink.sendFramed(toReplayWire(item.frame));
    }
    thread.subscribers.set(sink.id, { sink, runId: frame.runId });
  }

  unsubscribe(sink: FrameSink, threadId: string): void {
    if (threadId === ALL_THREADS) this.everything.delete(sink.id);
    this.threads.get(threadId)?.subscribers.delete(sink.id);
  }

  /** Rule 6: the runs this connection published now count down `publisherLostMs`. */
  publisherClosed(connectionId: string): void {
    const runs = this.runsByPublisher.get(connectionId);
    if (runs === undefined) return;
    this.runsByPublisher.delete(connectionId);
    const now = this.options.now();
    for (const run of runs) {
      run.publisher = null;
      run.publisherLostAt = now;
      this.armTimer(run);
    }
  }

  /** Evicts threads idle for `idleEvictMs` with no subscriber and no open run. */
  evictIdle(): void {
    const cutoff = this.options.now() - this.options.replay.idleEvictMs;
    for (const thread of this.threads.values()) {
      if (thread.lastActiveAt > cutoff) break;
      if (thread.subscribers.size > 0 || thread.openRuns > 0) continue;
      this.totalBytes -= thread.buffer.clear();
      this.threads.delete(thread.id);
      if (thread === this.mostRecent) this.mostRecent = undefined;
      this.tombstones.set(thread.id, thread.headSeq);
      if (this.tombstones.size > MAX_TOMBSTONES) {
        const oldest = this.tombstones.keys().next().value;
        if (oldest !== undefined) this.tombstones.delete(oldest);
      }
    }
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private createThread(threadId: string): ThreadState {
    const head = this.tombstones.get(threadId) ?? 0;
    this.tombstones.delete(threadId);
    const thread = new ThreadState(threadId, head, this.options.now(), this.options.replay);
    this.threads.set(threadId, thread);
    this.mostRecent = thread;
    return thread;
  }

  private touch(thread: ThreadState): void {
    thread.lastActiveAt = this.options.now();
    // Already the most recently used (a burst on one thread): moving it to the end would change nothing.
    if (thread === this.mostRecent) return;
    this.threads.delete(thread.id);
    this.threads.set(thread.id, thread);
    this.mostRecent = thread;
  }

  private accept(thread: ThreadState, run: RunRecord, planned: PlannedEvent, payloadJson?: string): number {
    const seq = thread.headSeq + 1;
    const runSeq = applyEvent(run, planned.event, planned.payload, seq);
    const json = payloadJson ?? JSON.stringify(planned.payload);
    this.store(thread, run.runId, runSeq, planned.event, planned.synthetic, json, planned.payload);
    if (run.status !== 'open') this.runEnded(thread, run);
    return seq;
  }

  /** Gives the next seq, stores, broadcasts once-encoded bytes, and enforces the byte budget. */
  private store(
    thread: ThreadState,
    runId: string,
    runSeq: number,
    event: string,
    synthetic: boolean,
    payloadJson: string,
    payload: unknown,
  ): number {
    const seq = (thread.headSeq += 1);
    const ts = this.options.now();
    const { json, wire } = encodeEvent(
      { epoch: this.options.epoch, threadId: thread.id, runId, seq, runSeq, event, ts, synthetic },
      payloadJson,
    );
    this.totalBytes += json.length - thread.buffer.push({ seq, runId, frame: json });
    let subscribers = 0;
    for (const sub of thread.subscribers.values()) {
      if (sub.runId === undefined || sub.runId === runId) {
        sub.sink.sendFramed(wire);
        subscribers += 1;
      }
    }
    for (const sink of this.everything.values()) {
      if (!thread.subscribers.has(sink.id)) sink.sendFramed(wire);
    }
    this.touch(thread);
    this.enforceBudget();
    const { observers } = this.options;
    if (observers.active) {
      observers.emit({
        kind: 'event',
        threadId: thread.id,
        runId,
        seq,
        runSeq,
        event,
        synthetic,
        ts,
        payload: payload as Record<string, unknown>,
        subscribers,
      });
    }
    return seq;
  }

  /** Global LRU budget: drop the oldest events of the least recently used threads. */
  private enforceBudget(): void {
    if (this.totalBytes <= this.options.replay.totalBytes) return;
    for (const thread of this.threads.values()) {
      while (thread.buffer.size > 0 && this.totalBytes > this.options.replay.totalBytes) {
        this.totalBytes -= thread.buffer.dropOldest();
      }
      if (this.totalBytes <= this.options.replay.totalBytes) return;
    }
  }

  private setPublisher(run: RunRecord, publisher: string | null): void {
    if (run.publisher === publisher && run.publisherLostAt === null) return;
    if (run.publisher !== null) this.runsByPublisher.get(run.publisher)?.delete(run);
    run.publisher = publisher;
    run.publisherLostAt = null;
    if (publisher === null) return;
    let set = this.runsByPublisher.get(publisher);
    if (set === undefined) this.runsByPublisher.set(publisher, (set = new Set()));
    set.add(run);
  }

  private runEnded(thread: ThreadState, run: RunRecord): void {
    const timer = this.timers.get(run);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(run);
    if (run.publisher !== null) this.runsByPublisher.get(run.publisher)?.delete(run);
    thread.runFinished(run.runId);
  }

  /** One timer per open run, re-armed lazily: publishing only moves `lastPublishAt`. */
  private armTimer(run: RunRecord): void {
    const existing = this.timers.get(run);
    if (existing !== undefined) clearTimeout(existing);
    const { runTimeoutMs, publisherLostMs, now } = this.options;
    const timeoutAt = run.lastPublishAt + runTimeoutMs;
    const lostAt = run.publisherLostAt === null ? Infinity : run.publisherLostAt + publisherLostMs;
    const timer = setTimeout(() => {
      this.timers.delete(run);
      if (run.status !== 'open') return;
      const t = now();
      const code = t >= lostAt ? 'publisher_lost' : t >= run.lastPublishAt + runTimeoutMs ? 'run_timeout' : null;
      if (code === null) return this.armTimer(run);
      const thread = this.runThread.get(run);
      if (thread === undefined) return;
      for (const planned of planAbandon(run, code)) this.accept(thread, run, planned);
    }, Math.max(0, Math.min(timeoutAt, lostAt) - now()));
    timer.unref();
    this.timers.set(run, timer);
  }
}
