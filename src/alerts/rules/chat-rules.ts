/**
 * Rules over the chat event stream (EventServer.observe): run-stuck,
 * tool-stuck, publish-rejected, run-aborted, delivery-lag. Only accepted
 * events, rejections and delivery ticks are looked at; nothing here can
 * slow delivery (observations are handed over after the fact).
 */
import type { EventObservation } from '../../events/index.js';
import { RecentTimes } from '../recent-times.js';
import { formatDuration, keyOf, raise, type RuleContext } from './rule-context.js';

interface RunTrack {
  threadId: string;
  runId: string;
  lastProgressAt: number;
  /** A run-stuck alert was raised (so progress has something to clear). */
  stuck: boolean;
  tools: Map<string, { name: string; since: number; alerted: boolean }>;
}

/** Past this many open runs the oldest is forgotten (a backend leaking runs must not leak memory here). */
const MAX_RUNS = 10_000;

export class ChatRules {
  private readonly runs = new Map<string, RunTrack>();
  private readonly rejections = new Map<string, { times: RecentTimes; total: number }>();
  /** When each thread last had a run aborted. */
  private readonly abortedAt = new Map<string, number>();
  private lastLagAt: number | undefined;

  constructor(private readonly ctx: RuleContext) {}

  observe(observation: EventObservation): void {
    switch (observation.kind) {
      case 'event':
        return this.onEvent(observation);
      case 'rejected':
        return this.onRejected(observation);
      case 'delivery':
        return this.onDelivery(observation);
      case 'connection':
        return;
    }
  }

  private onEvent(o: Extract<EventObservation, { kind: 'event' }>): void {
    const runKey = `${o.threadId}\u0000${o.runId}`;
    const now = this.ctx.now();
    let run = this.runs.get(runKey);
    if (o.event === 'agent_completed' || o.event === 'agent_error') {
      if (run) this.endRun(runKey, run, o.event === 'agent_completed' ? 'completed' : 'ended with an error');
      if (o.event === 'agent_error' && (o.synthetic || isAbortCode(o.payload['code']))) this.onAborted(o);
      return;
    }
    if (!run) {
      if (o.event !== 'agent_started') return; // system events and strays
      run = { threadId: o.threadId, runId: o.runId, lastProgressAt: now, stuck: false, tools: new Map() };
      this.runs.set(runKey, run);
      if (this.runs.size > MAX_RUNS) this.runs.delete(this.runs.keys().next().value!);
    }
    run.lastProgressAt = now;
    // Per event only field writes: keys are built when there is an alert to clear.
    if (run.stuck) {
      run.stuck = false;
      this.ctx.book.clear(keyOf('run-stuck', o.threadId, o.runId), `run ${o.runId} made progress (${o.event})`);
    }
    const toolCallId = o.payload['toolCallId'];
    if (typeof toolCallId !== 'string') return;
    if (o.event === 'tool_executing') {
      const name = typeof o.payload['toolName'] === 'string' ? o.payload['toolName'] : 'tool';
      run.tools.set(toolCallId, { name, since: now, alerted: false });
    } else if (o.event === 'tool_completed') {
      const tool = run.tools.get(toolCallId);
      run.tools.delete(toolCallId);
      if (tool?.alerted) this.ctx.book.clear(keyOf('tool-stuck', o.threadId, o.runId, toolCallId), `tool call ${tool.name} (${toolCallId}) completed after ${formatDuration(now - tool.since)}`);
    }
  }

  private endRun(runKey: string, run: RunTrack, how: string): void {
    this.runs.delete(runKey);
    const { book } = this.ctx;
    if (run.stuck) book.clear(keyOf('run-stuck', run.threadId, run.runId), `run ${run.runId} ${how}`);
    for (const [id, tool] of run.tools) if (tool.alerted) book.clear(keyOf('tool-stuck', run.threadId, run.runId, id), `run ${run.runId} ${how}; tool call ${tool.name} (${id}) closed`);
  }

  private onAborted(o: Extract<EventObservation, { kind: 'event' }>): void {
    this.abortedAt.set(o.threadId, this.ctx.now());
    const code = typeof o.payload['code'] === 'string' ? o.payload['code'] : 'error';
    const detail = typeof o.payload['message'] === 'string' ? `: ${o.payload['message']}` : '';
    raise(this.ctx, keyOf('run-aborted', o.threadId), {
      rule: 'run-aborted',
      threadId: o.threadId,
      runId: o.runId,
      message: `run ${o.runId} in thread ${o.threadId} was aborted (${code})${detail}`,
    });
  }

  private onRejected(o: Extract<EventObservation, { kind: 'rejected' }>): void {
    const settings = this.ctx.rules['publish-rejected'];
    const backend = o.connectionId ?? o.transport;
    const key = keyOf('publish-rejected', backend, o.code);
    let entry = this.rejections.get(key);
    if (!entry) this.rejections.set(key, (entry = { times: new RecentTimes(settings.count), total: 0 }));
    const now = this.ctx.now();
    entry.times.push(now);
    entry.total += 1;
    if (!entry.times.isBurst(now, settings.windowMs)) return;
    raise(this.ctx, key, {
      rule: 'publish-rejected',
      ...(o.threadId === undefined ? {} : { threadId: o.threadId }),
      ...(o.runId === undefined ? {} : { runId: o.runId }),
      message: `publishes rejected with ${o.code} from backend ${backend} (${o.transport}): ${entry.total} so far; last: ${o.event ?? 'frame'}: ${o.message}`,
    });
  }

  private onDelivery(o: Extract<EventObservation, { kind: 'delivery' }>): void {
    const settings = this.ctx.rules['delivery-lag'];
    if (o.lagMs <= settings.thresholdMs) return;
    this.lastLagAt = this.ctx.now();
    raise(this.ctx, keyOf('delivery-lag'), {
      rule: 'delivery-lag',
      message: `event delivery lags ${formatDuration(o.lagMs)} (threshold ${formatDuration(settings.thresholdMs)}; ${o.connections} connection(s), ${Math.round(o.maxBufferedBytes / 1024)} KiB buffered)`,
    });
  }

  tick(): void {
    const now = this.ctx.now();
    const { book, rules } = this.ctx;
    for (const run of this.runs.values()) {
      const idle = now - run.lastProgressAt;
      // A run waiting on an open tool call is the tool's alert, not the run's.
      if (run.tools.size === 0 && idle > rules['run-stuck'].thresholdMs && rules['run-stuck'].enabled) {
        run.stuck = true;
        raise(this.ctx, keyOf('run-stuck', run.threadId, run.runId), {
          rule: 'run-stuck',
          threadId: run.threadId,
          runId: run.runId,
          message: `run ${run.runId} in thread ${run.threadId} has made no progress for ${formatDuration(idle)}`,
        });
      }
      for (const [id, tool] of run.tools) {
        const open = now - tool.since;
        if (open <= rules['tool-stuck'].thresholdMs || !rules['tool-stuck'].enabled) continue;
        tool.alerted = true;
        raise(this.ctx, keyOf('tool-stuck', run.threadId, run.runId, id), {
          rule: 'tool-stuck',
          threadId: run.threadId,
          runId: run.runId,
          message: `tool call ${tool.name} (${id}) of run ${run.runId} has been open for ${formatDuration(open)}`,
        });
      }
    }
    const rejectWindow = rules['publish-rejected'].windowMs;
    for (const [key, entry] of this.rejections) {
      if (entry.times.isBurst(now, rejectWindow)) continue;
      if (book.has(key)) book.clear(key, `no more rejected publishes for ${formatDuration(rejectWindow)} (${entry.total} in all)`);
      // Forgotten only once nothing is left in the window, so a burst that is still building keeps its count.
      else if (now - (entry.times.latest() ?? 0) >= rejectWindow) this.rejections.delete(key);
    }
    for (const [threadId, at] of this.abortedAt) {
      if (now - at < rules['run-aborted'].windowMs) continue;
      const key = keyOf('run-aborted', threadId);
      if (book.has(key)) book.clear(key, `no aborted run in thread ${threadId} for ${formatDuration(rules['run-aborted'].windowMs)}`);
      else this.abortedAt.delete(threadId);
    }
    if (this.lastLagAt !== undefined && now - this.lastLagAt >= rules['delivery-lag'].windowMs) {
      this.lastLagAt = undefined;
      book.clear(keyOf('delivery-lag'), `event delivery is back under ${formatDuration(rules['delivery-lag'].thresholdMs)}`);
    }
  }
}

function isAbortCode(code: unknown): boolean {
  return code === 'run_timeout' || code === 'publisher_lost';
}
