/** One-line, human summaries of events for `netra events tail`. */
import type { EventEnvelope } from './protocol.js';

const MAX = 100;

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line;
}

/** `tool_executing lookup_messages {"threadId":"t1"}` → the part after the event name. */
export function summarizeEvent(event: Pick<EventEnvelope, 'event' | 'payload'>): string {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  switch (event.event) {
    case 'agent_started':
      return short([p['agentName'], p['message']].filter((v) => v !== undefined).join(': '));
    case 'agent_thinking':
      return short(p['text']) + (typeof p['progress'] === 'number' ? ` (${Math.round(p['progress'] * 100)}%)` : '');
    case 'tool_executing':
      return `${String(p['toolName'])}[${String(p['toolCallId'])}] ${p['args'] === undefined ? '' : short(p['args'])}`.trim();
    case 'tool_completed':
      return `[${String(p['toolCallId'])}] ${p['ok'] === true ? 'ok' : 'failed'} ${short(p['ok'] === true ? p['result'] ?? '' : p['error'] ?? '')}`.trim();
    case 'agent_completed':
      return p['result'] === undefined ? '' : short(p['result']);
    case 'agent_error':
      return `${String(p['code'])}: ${short(p['message'])}`;
    default:
      return short(p);
  }
}
