import { describe, expect, it } from 'vitest';
import { describeExit, describeFailure, isTerminal, meetsCondition, type ServiceState } from '../../../src/supervisor/service-state.js';

const states: ServiceState[] = [
  { id: 'pending' },
  { id: 'waiting', for: ['db'] },
  { id: 'starting', pid: 1, since: 0 },
  { id: 'ready', pid: 1, readyAt: 0, timeToReadyMs: 5 },
  { id: 'backoff', until: 0, attempt: 1, lastExit: 'exited with code 1' },
  { id: 'stopping', pid: 1 },
  { id: 'stopped' },
  { id: 'completed' },
  { id: 'failed', reason: { reason: 'exited', exit: 'exited with code 1', restarts: 0 } },
];
const ids = (condition: 'started' | 'ready' | 'completed', everReady: boolean): string[] =>
  states.filter((state) => meetsCondition(state, condition, everReady)).map((state) => state.id);

describe('meetsCondition', () => {
  it("'started': once it has been started and has not failed or been stopped", () => {
    expect(ids('started', false)).toEqual(['starting', 'ready', 'backoff', 'stopping', 'completed']);
  });

  it("'ready': only ready, unless it was ready before and is restarting", () => {
    expect(ids('ready', false)).toEqual(['ready']);
    expect(ids('ready', true)).toEqual(['starting', 'ready', 'backoff']);
  });

  it("'completed': only completed", () => {
    expect(ids('completed', true)).toEqual(['completed']);
  });
});

describe('isTerminal / describeExit / describeFailure', () => {
  it('stopped, completed and failed are terminal', () => {
    expect(states.filter(isTerminal).map((s) => s.id)).toEqual(['stopped', 'completed', 'failed']);
  });

  it('describes exits by code or signal', () => {
    expect(describeExit({ code: 3, signal: null })).toBe('exited with code 3');
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
  });

  it('names the probe and the last error of a readiness timeout', () => {
    expect(describeFailure({ reason: 'readiness-timeout', probe: 'http http://x/health', lastError: 'HTTP 500', elapsedMs: 1_234 })).toBe(
      'never became ready: http http://x/health did not pass within 1.2s (last error: HTTP 500)',
    );
    expect(describeFailure({ reason: 'restart-limit', exit: 'exited with code 1', restarts: 3 })).toBe(
      'exited with code 1, and it crashed past its restart limit (3 restarts)',
    );
    expect(describeFailure({ reason: 'dependency-failed', dependency: 'db' })).toBe('not started: its dependency "db" failed');
  });
});
