/**
 * What the hub keeps per thread: the seq counter, the replay buffer, the runs
 * (open and recently finished) and the live subscriptions.
 */
import type { RunRecord } from './run-state.js';
import { snapshotRun } from './run-state.js';
import { ReplayBuffer } from './replay-buffer.js';
import type { SnapshotFrame } from './protocol.js';

/** Where the hub writes frames for one connection; the connection coalesces writes. */
export interface FrameSink {
  readonly id: string;
  /** Queues one JSON frame (a control frame: ack, snapshot, error…). */
  send(json: string): void;
  /** Queues a complete WebSocket frame built once for many sinks (`encodeEvent`); never mutated. */
  sendFramed(wire: Buffer): void;
}

export interface Subscription {
  readonly sink: FrameSink;
  readonly runId: string | undefined;
}

/** Finished runs kept per thread for snapshots and late duplicate retries. */
export const MAX_FINISHED_RUNS = 256;

export class ThreadState {
  headSeq: number;
  lastActiveAt: number;
  systemRunSeq = 0;
  readonly buffer: ReplayBuffer;
  readonly runs = new Map<string, RunRecord>();
  readonly finished: string[] = [];
  readonly subscribers = new Map<string, Subscription>();
  openRuns = 0;

  constructor(
    readonly id: string,
    headSeq: number,
    now: number,
    limits: { maxEvents: number; maxBytes: number },
  ) {
    this.headSeq = headSeq;
    this.lastActiveAt = now;
    this.buffer = new ReplayBuffer(limits.maxEvents, limits.maxBytes);
  }

  /** Records a finished run and forgets the oldest finished ones beyond the cap. */
  runFinished(runId: string): void {
    this.openRuns -= 1;
    this.finished.push(runId);
    while (this.finished.length > MAX_FINISHED_RUNS) {
      const old = this.finished.shift();
      if (old !== undefined) this.runs.delete(old);
    }
  }

  snapshot(runId?: string): SnapshotFrame {
    const runs = [];
    for (const run of this.runs.values()) {
      if (runId === undefined || run.runId === runId) runs.push(snapshotRun(run));
    }
    return { type: 'snapshot', threadId: this.id, headSeq: this.headSeq, runs };
  }
}
