/**
 * The conformance invariants I1–I5 of EVENTS.md, checked on what a subscriber
 * received, in arrival order. Pure: `netra events verify` and the tests use it.
 */
import { isTerminalEvent } from './protocol.js';
import { SYSTEM_RUN_ID } from './hub.js';

export type InvariantId = 'I1' | 'I2' | 'I3' | 'I4' | 'I5';

/** The fields of an event envelope the checks look at. */
export interface CheckedEvent {
  threadId: string;
  runId: string;
  seq: number;
  runSeq: number;
  event: string;
  payload?: unknown;
}

export interface EventRef {
  seq: number;
  runSeq: number;
  runId: string;
  event: string;
  toolCallId?: string;
}

export interface Violation {
  invariant: InvariantId;
  runId?: string;
  message: string;
  /** The offending events, in arrival order. */
  events: EventRef[];
}

export interface CheckOptions {
  /** A run without a terminal violates I3 (verify sets it once its timeout passed). Default true. */
  requireTerminal?: boolean;
  /** The subscription was filtered by runId: seq may jump, runSeq may not. Default false. */
  runFiltered?: boolean;
}

const toolCallIdOf = (e: CheckedEvent): string | undefined => {
  const id = (e.payload as { toolCallId?: unknown } | null | undefined)?.toolCallId;
  return typeof id === 'string' ? id : undefined;
};

function ref(e: CheckedEvent): EventRef {
  const toolCallId = toolCallIdOf(e);
  return { seq: e.seq, runSeq: e.runSeq, runId: e.runId, event: e.event, ...(toolCallId ? { toolCallId } : {}) };
}

/** `#42 r1/5 tool_completed(c1)` — how violations name events. */
export function describeEvent(e: EventRef): string {
  return `#${e.seq} ${e.runId}/${e.runSeq} ${e.event}${e.toolCallId ? `(${e.toolCallId})` : ''}`;
}

export function checkRunInvariants(events: readonly CheckedEvent[], options: CheckOptions = {}): Violation[] {
  const requireTerminal = options.requireTerminal ?? true;
  const violations: Violation[] = [];
  const add = (invariant: InvariantId, message: string, offending: CheckedEvent[], runId?: string): void => {
    violations.push({ invariant, message, events: offending.map(ref), ...(runId ? { runId } : {}) });
  };

  // I1: seq contiguous per thread (gaps, duplicates and reorders all break it).
  const lastSeq = new Map<string, CheckedEvent>();
  for (const e of events) {
    const prev = lastSeq.get(e.threadId);
    if (prev !== undefined && !options.runFiltered && e.seq !== prev.seq + 1) {
      const kind = e.seq <= prev.seq ? (e.seq === prev.seq ? 'repeated' : 'went backwards') : 'skipped';
      add('I1', `thread ${e.threadId}: seq ${kind}: #${prev.seq} then #${e.seq}`, [prev, e], e.runId);
    }
    lastSeq.set(e.threadId, e);
  }

  const runs = new Map<string, CheckedEvent[]>();
  for (const e of events) {
    if (e.runId === SYSTEM_RUN_ID) continue;
    const key = `${e.threadId}\u0000${e.runId}`;
    const list = runs.get(key);
    if (list === undefined) runs.set(key, [e]);
    else list.push(e);
  }
  for (const run of runs.values()) checkRun(run, requireTerminal, add);
  return violations;
}

type Add = (invariant: InvariantId, message: string, offending: CheckedEvent[], runId?: string) => void;

function checkRun(run: CheckedEvent[], requireTerminal: boolean, add: Add): void {
  const runId = run[0]!.runId;
  // runSeq contiguity belongs to I1 (gap-free per run, also under a runId filter).
  for (let i = 1; i < run.length; i += 1) {
    const prev = run[i - 1]!;
    const e = run[i]!;
    if (e.runSeq !== prev.runSeq + 1) {
      add('I1', `run ${runId}: runSeq ${prev.runSeq} then ${e.runSeq}`, [prev, e], runId);
    }
  }
  // I2: agent_started first, with runSeq 1, and only once.
  const first = run[0]!;
  if (first.event !== 'agent_started' || first.runSeq !== 1) {
    add('I2', `run ${runId}: first event is ${first.event} (runSeq ${first.runSeq}), not agent_started with runSeq 1`, [first], runId);
  }
  const restarts = run.slice(1).filter((e) => e.event === 'agent_started');
  if (restarts.length > 0) add('I2', `run ${runId}: agent_started again`, restarts, runId);

  // I3: exactly one terminal, and it is last.
  const terminals = run.filter((e) => isTerminalEvent(e.event));
  if (terminals.length === 0 && requireTerminal) {
    add('I3', `run ${runId}: no terminal event (agent_completed or agent_error) arrived`, [run[run.length - 1]!], runId);
  }
  if (terminals.length > 1) add('I3', `run ${runId}: ${terminals.length} terminal events`, terminals, runId);
  const firstTerminal = run.findIndex((e) => isTerminalEvent(e.event));
  const after = firstTerminal === -1 ? [] : run.slice(firstTerminal + 1).filter((e) => !isTerminalEvent(e.event));
  if (after.length > 0) add('I3', `run ${runId}: events after the terminal`, [run[firstTerminal]!, ...after], runId);

  // I4: each tool_executing(X) has exactly one later tool_completed(X), and no orphan completion.
  const executing = new Map<string, CheckedEvent>();
  const completed = new Map<string, CheckedEvent>();
  for (const e of run) {
    const id = toolCallIdOf(e);
    if (id === undefined) continue;
    if (e.event === 'tool_executing') {
      const seen = executing.get(id);
      if (seen !== undefined) add('I4', `run ${runId}: tool call ${id} executed twice`, [seen, e], runId);
      else executing.set(id, e);
    } else if (e.event === 'tool_completed') {
      const seen = completed.get(id);
      if (seen !== undefined) add('I4', `run ${runId}: tool call ${id} completed twice`, [seen, e], runId);
      else if (!executing.has(id)) add('I4', `run ${runId}: tool call ${id} completed without tool_executing before it`, [e], runId);
      completed.set(id, e);
    }
  }
  if (terminals.length > 0 || requireTerminal) {
    for (const [id, e] of executing) {
      if (!completed.has(id)) add('I4', `run ${runId}: tool call ${id} never completed`, [e], runId);
    }
  }

  // I5: agent_thinking only between agent_started and the terminal.
  const startIndex = run.findIndex((e) => e.event === 'agent_started');
  const stray = run.filter(
    (e, i) =>
      e.event === 'agent_thinking' && (startIndex === -1 || i < startIndex || (firstTerminal !== -1 && i > firstTerminal)),
  );
  if (stray.length > 0) add('I5', `run ${runId}: agent_thinking outside start…terminal`, stray, runId);
}
