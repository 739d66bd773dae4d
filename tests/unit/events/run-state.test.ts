import { describe, expect, it } from 'vitest';
import { applyEvent, newRunRecord, planAbandon, planPublish } from '../../../src/events/run-state.js';
import type { RunRecord } from '../../../src/events/run-state.js';

function accept(run: RunRecord | undefined, event: string, payload: Record<string, unknown> = {}): RunRecord {
  const record = run ?? newRunRecord('r1', 0);
  const plan = planPublish(run, event, payload);
  if (!plan.ok) throw new Error(plan.code);
  for (const planned of plan.events) applyEvent(record, planned.event, planned.payload, record.lastSeq + 1);
  return record;
}

const code = (run: RunRecord | undefined, event: string, payload: Record<string, unknown> = {}) => {
  const plan = planPublish(run, event, payload);
  return plan.ok ? plan.events.map((e) => `${e.event}${e.synthetic ? '*' : ''}`) : plan.code;
};

describe('run state machine', () => {
  it('starts only with agent_started, or a first agent_error behind a synthetic start', () => {
    expect(code(undefined, 'agent_thinking', { text: 'x' })).toBe('run_not_started');
    expect(code(undefined, 'x.custom')).toBe('run_not_started');
    expect(code(undefined, 'agent_error', { code: 'c', message: 'm' })).toEqual(['agent_started*', 'agent_error']);
  });

  it('checks the rules in order and ends at a terminal', () => {
    let run = accept(undefined, 'agent_started');
    expect(code(run, 'agent_started')).toBe('run_already_started');
    run = accept(run, 'tool_executing', { toolCallId: 'a' });
    expect(code(run, 'tool_executing', { toolCallId: 'a' })).toBe('duplicate_tool_call');
    expect(code(run, 'tool_completed', { toolCallId: 'b' })).toBe('unknown_tool_call');
    expect(code(run, 'agent_completed')).toBe('tool_calls_open');
    expect(code(run, 'agent_error', { code: 'c', message: 'm' })).toEqual(['tool_completed*', 'agent_error']);
    run = accept(run, 'tool_completed', { toolCallId: 'a', ok: true });
    run = accept(run, 'agent_completed');
    expect(run.status).toBe('completed');
    expect(code(run, 'agent_started')).toBe('run_finished');
  });

  it('abandons a run with synthetic tool closes then agent_error', () => {
    let run = accept(undefined, 'agent_started');
    run = accept(run, 'tool_executing', { toolCallId: 'a' });
    const plan = planAbandon(run, 'publisher_lost');
    expect(plan.map((e) => [e.event, e.synthetic])).toEqual([
      ['tool_completed', true],
      ['agent_error', true],
    ]);
    expect(plan[0]!.payload).toMatchObject({ toolCallId: 'a', ok: false, error: { code: 'run_ended' } });
    expect(plan[1]!.payload).toMatchObject({ code: 'publisher_lost' });
  });
});
