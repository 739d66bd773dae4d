/**
 * The deterministic demo agent of the chat backend (issue 3). One call per
 * chat message publishes one run through the netra event server:
 * agent_started → agent_thinking → tool_executing(lookup_messages) →
 * tool_completed → agent_thinking → agent_completed.
 *
 * Failure paths, asked for in the message text:
 *   #tool-fail   the tool fails (tool_completed ok:false), the run still completes
 *   #agent-error the agent ends the run with agent_error
 *   #die         the agent stops mid-run with a tool call open; its publishing
 *                connection goes away and the server ends the run itself
 *                (synthetic tool_completed + agent_error{code:"publisher_lost"})
 */
import { randomUUID } from 'node:crypto';
import { connectEvents } from '../../src/events/client/index.js';
import type { WebSocketConstructor } from '../../src/events/client/index.js';

export type DemoOutcome = 'completed' | 'error' | 'died';

export interface DemoAgentInput {
  /** Publishes one event of this run (resolves once the server acked it). */
  publish: (event: string, payload: Record<string, unknown>) => Promise<unknown>;
  /** The real tool: a database lookup for the thread, e.g. its message count. */
  lookup: (query: string) => Promise<unknown>;
  threadId: string;
  message: string;
  /** For `#die`: drop the publishing connection without a terminal event. */
  die?: () => Promise<void>;
  /** Injected clock for durations; default Date.now. */
  now?: () => number;
}

function countOf(result: unknown): number | undefined {
  if (typeof result === 'number') return result;
  if (typeof result === 'string' && /^\d+$/.test(result)) return Number(result);
  const count = (result as { count?: unknown } | null)?.count;
  return count === undefined ? undefined : countOf(count);
}

/** Runs the demo agent for one message; the answer is what the backend stores as the reply. */
export async function runDemoAgent(input: DemoAgentInput): Promise<{ answer: string; outcome: DemoOutcome }> {
  const now = input.now ?? Date.now;
  const started = now();
  const { publish, message, threadId } = input;
  await publish('agent_started', { agentName: 'demo-agent', message });

  if (message.includes('#agent-error')) {
    await publish('agent_thinking', { text: 'Reading the message', step: 1, progress: 0.25 });
    const error = { code: 'demo_agent_error', message: 'The demo agent failed on purpose (#agent-error).' };
    await publish('agent_error', error);
    return { answer: `Sorry, the agent failed: ${error.message}`, outcome: 'error' };
  }

  await publish('agent_thinking', { text: 'Looking up the messages of this thread', step: 1, progress: 0.25 });
  const toolCallId = 'call-1';
  const query = `count messages in thread ${threadId}`;
  await publish('tool_executing', { toolCallId, toolName: 'lookup_messages', args: { threadId, query } });

  if (message.includes('#die')) {
    await input.die?.();
    return { answer: 'The agent stopped mid-run (#die).', outcome: 'died' };
  }

  const toolStarted = now();
  let count: number | undefined;
  let failure: string | undefined;
  if (message.includes('#tool-fail')) {
    failure = 'lookup_messages failed on purpose (#tool-fail)';
  } else {
    try {
      count = countOf(await input.lookup(query));
      if (count === undefined) failure = 'lookup_messages returned no count';
    } catch (error) {
      failure = `lookup_messages failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const durationMs = now() - toolStarted;
  if (failure === undefined) {
    await publish('tool_completed', { toolCallId, ok: true, result: { count }, durationMs });
  } else {
    await publish('tool_completed', { toolCallId, ok: false, error: { code: 'tool_failed', message: failure }, durationMs });
  }

  await publish('agent_thinking', { text: 'Composing the answer', step: 2, progress: 0.75 });
  const answer =
    count === undefined
      ? 'I could not look up the messages of this thread.'
      : `This thread has ${count} message${count === 1 ? '' : 's'}.`;
  await publish('agent_completed', { result: { answer }, durationMs: now() - started });
  return { answer, outcome: 'completed' };
}

export interface DemoChatInput {
  /** NETRA_EVENTS_URL */
  url: string;
  /** NETRA_EVENTS_TOKEN */
  token: string;
  threadId: string;
  message: string;
  lookup: (query: string) => Promise<unknown>;
  WebSocketImpl?: WebSocketConstructor;
}

/**
 * The one call for `POST /api/chat`: a dedicated backend connection per run
 * (so `#die` can drop exactly this run's publisher), a fresh runId, the agent,
 * and the connection closed afterwards.
 */
export async function runDemoChat(input: DemoChatInput): Promise<{ answer: string; outcome: DemoOutcome; runId: string }> {
  const runId = `run-${randomUUID()}`;
  const client = await connectEvents({
    url: input.url,
    token: input.token,
    role: 'backend',
    ...(input.WebSocketImpl ? { WebSocketImpl: input.WebSocketImpl } : {}),
  });
  try {
    const result = await runDemoAgent({
      threadId: input.threadId,
      message: input.message,
      lookup: input.lookup,
      publish: (event, payload) => client.publish(input.threadId, runId, event, payload),
      die: () => client.close(),
    });
    return { ...result, runId };
  } finally {
    await client.close();
  }
}
