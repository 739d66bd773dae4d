import { describe, expect, it } from 'vitest';
import { checkRunInvariants } from '../../../src/events/invariants.js';
import type { CheckedEvent } from '../../../src/events/invariants.js';

type Spec = [event: string, toolCallId?: string];

/** Builds a run's events with contiguous seq/runSeq from (event, toolCallId) pairs. */
function run(specs: Spec[], runId = 'r1', startSeq = 1): CheckedEvent[] {
  return specs.map(([event, toolCallId], i) => ({
    threadId: 't1',
    runId,
    seq: startSeq + i,
    runSeq: i + 1,
    event,
    payload: toolCallId ? { toolCallId } : {},
  }));
}

const good: Spec[] = [
  ['agent_started'],
  ['agent_thinking'],
  ['tool_executing', 'c1'],
  ['tool_completed', 'c1'],
  ['agent_thinking'],
  ['agent_completed'],
];

const ids = (events: CheckedEvent[]) => checkRunInvariants(events).map((v) => v.invariant);

describe('checkRunInvariants', () => {
  it('accepts a conforming run, and interleaved runs of one thread', () => {
    expect(checkRunInvariants(run(good))).toEqual([]);
    const a = run(good, 'a');
    const b = run(good, 'b', 7);
    expect(checkRunInvariants([...a, ...b])).toEqual([]);
  });

  it('I1: a skipped event is a seq gap', () => {
    const events = run(good);
    events.splice(2, 1);
    const violations = checkRunInvariants(events);
    expect(violations[0]).toMatchObject({ invariant: 'I1', message: expect.stringContaining('skipped') });
    expect(violations[0]!.events.map((e) => e.seq)).toEqual([2, 4]);
  });

  it('I1: a duplicated event repeats its seq', () => {
    const events = run(good);
    events.splice(3, 0, events[2]!);
    expect(ids(events)).toContain('I1');
    expect(ids(events)).toContain('I4');
  });

  it('I1: reordered events go backwards', () => {
    const events = run(good);
    [events[2], events[3]] = [events[3]!, events[2]!];
    const violations = checkRunInvariants(events);
    expect(violations.map((v) => v.invariant)).toEqual(expect.arrayContaining(['I1', 'I4']));
    expect(violations.find((v) => v.invariant === 'I4')!.message).toMatch(/without tool_executing/);
  });

  it('I2: the first event must be agent_started with runSeq 1, once', () => {
    expect(ids(run([['agent_thinking'], ['agent_completed']]))).toContain('I2');
    expect(ids(run([['agent_started'], ['agent_started'], ['agent_completed']]))).toEqual(['I2']);
  });

  it('I3: exactly one terminal, last; none is a violation once the run must have ended', () => {
    expect(ids(run([['agent_started'], ['agent_completed'], ['agent_error']]))).toEqual(['I3']);
    expect(ids(run([['agent_started'], ['agent_completed'], ['x.late']]))).toEqual(['I3']);
    expect(ids(run([['agent_started'], ['agent_thinking']]))).toEqual(['I3']);
    expect(checkRunInvariants(run([['agent_started']]), { requireTerminal: false })).toEqual([]);
  });

  it('I4: each tool call executes once and completes once, later', () => {
    expect(ids(run([['agent_started'], ['tool_executing', 'c1'], ['agent_completed']]))).toEqual(['I4']);
    expect(ids(run([['agent_started'], ['tool_completed', 'c1'], ['agent_completed']]))).toEqual(['I4']);
    expect(
      ids(run([['agent_started'], ['tool_executing', 'c1'], ['tool_completed', 'c1'], ['tool_completed', 'c1'], ['agent_completed']])),
    ).toEqual(['I4']);
  });

  it('I5: agent_thinking only between start and terminal', () => {
    expect(ids(run([['agent_started'], ['agent_completed'], ['agent_thinking']]))).toEqual(['I3', 'I5']);
  });

  it('under a runId filter, seq may jump but runSeq may not', () => {
    const events = run(good).map((e, i) => ({ ...e, seq: e.seq + i * 3 }));
    expect(checkRunInvariants(events, { runFiltered: true })).toEqual([]);
    events.splice(1, 1);
    expect(checkRunInvariants(events, { runFiltered: true }).map((v) => v.invariant)).toEqual(['I1']);
  });
});
