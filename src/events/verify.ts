/**
 * `netra events verify` as a library: drive one real run through a running
 * stack (POST the trigger), watch its thread as a UI would, and check I1–I5
 * on exactly what arrived (no client-side dedup, so a duplicating server is caught).
 */
import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from './protocol.js';
import type { Violation } from './invariants.js';
import type { WebSocketConstructor } from './client/events-client.js';
import { isTerminalEvent } from './protocol.js';
import { checkRunInvariants, describeEvent } from './invariants.js';
import { connectEvents } from './client/events-client.js';
import { NetraError, errorMessage } from '../shared/errors.js';

export interface VerifyOptions {
  wsUrl: string;
  token: string;
  /** POSTed `{threadId, message}` to start one run. */
  triggerUrl: string;
  timeoutMs: number;
  threadId?: string;
  message?: string;
  /** After the terminal, wait this long for stragglers (duplicates, events after the end); default 300. */
  settleMs?: number;
  fetchImpl?: typeof fetch;
  WebSocketImpl?: WebSocketConstructor;
}

export interface VerifyReport {
  ok: boolean;
  threadId: string;
  runId: string | undefined;
  events: EventEnvelope[];
  violations: Violation[];
  durationMs: number;
  summary: string;
}

export async function verifyEventContract(options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  const threadId = options.threadId ?? `verify-${randomBytes(4).toString('hex')}`;
  const client = await connectEvents({
    url: options.wsUrl,
    token: options.token,
    role: 'ui',
    reconnect: false,
    ...(options.WebSocketImpl ? { WebSocketImpl: options.WebSocketImpl } : {}),
  }).catch((error: unknown) => {
    throw new NetraError('NO_RUNNING_STACK', `cannot reach the event server at ${options.wsUrl}`, { cause: error, hint: errorMessage(error) });
  });
  const events: EventEnvelope[] = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let settleTimer: NodeJS.Timeout | undefined;
  try {
    const sub = client.subscribe(threadId, {
      dedup: false,
      onEvent: (event) => {
        events.push(event);
        if (isTerminalEvent(event.event) && settleTimer === undefined) {
          settleTimer = setTimeout(finish, options.settleMs ?? 300);
        }
      },
    });
    await sub.ready;
    const response = await (options.fetchImpl ?? fetch)(options.triggerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ threadId, message: options.message ?? 'netra events verify: how many messages are in this thread?' }),
    }).catch((error: unknown) => {
      throw new NetraError('EVENT_CONTRACT_VIOLATED', `the trigger ${options.triggerUrl} could not be reached`, { cause: error, hint: errorMessage(error) });
    });
    if (!response.ok) {
      throw new NetraError('EVENT_CONTRACT_VIOLATED', `the trigger ${options.triggerUrl} answered ${response.status}`);
    }
    const timer = setTimeout(finish, options.timeoutMs);
    await finished;
    clearTimeout(timer);
  } finally {
    clearTimeout(settleTimer);
    await client.close();
  }
  return report(threadId, events, Date.now() - started, options.timeoutMs);
}

function report(threadId: string, events: EventEnvelope[], durationMs: number, timeoutMs: number): VerifyReport {
  const violations = checkRunInvariants(events);
  if (events.length === 0) {
    violations.push({ invariant: 'I2', message: `no event of the run arrived within ${timeoutMs} ms`, events: [] });
  }
  const runId = events[0]?.runId;
  const ok = violations.length === 0;
  const names = events.map((e) => e.event);
  const summary = ok
    ? `event contract ok: run ${runId} on thread ${threadId}, ${events.length} events (${names.join(' → ')}) in ${durationMs} ms; I1–I5 hold`
    : `event contract violated: ${violations.length} violation(s) on thread ${threadId}`;
  return { ok, threadId, runId, events, violations, durationMs, summary };
}

/** One line per violation: `I4 run r1: tool call c1 never completed — #3 r1/3 tool_executing(c1)`. */
export function describeViolations(violations: readonly Violation[]): string[] {
  return violations.map((v) => `${v.invariant} ${v.message}${v.events.length ? ` — ${v.events.map(describeEvent).join(', ')}` : ''}`);
}
