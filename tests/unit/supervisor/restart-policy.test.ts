import { describe, expect, it } from 'vitest';
import type { ResolvedService } from '../../../src/config/resolved.js';
import { decideRestart } from '../../../src/supervisor/restart-policy.js';

type Restart = ResolvedService['restart'];
const service = (restart: Partial<Restart> & Pick<Restart, 'policy'>): Pick<ResolvedService, 'restart'> => ({
  restart: { maxRestarts: 3, backoff: { initial: 100, max: 1_000, factor: 2 }, window: undefined, ...restart },
});
const failed = { code: 1, signal: null };
const clean = { code: 0, signal: null };
const killed = { code: null, signal: 'SIGKILL' as NodeJS.Signals };

describe('decideRestart', () => {
  it("'no': never restarts; a clean exit completes, a failure fails", () => {
    expect(decideRestart(service({ policy: 'no' }), clean, [], 0)).toEqual({ restart: false, reason: 'completed' });
    expect(decideRestart(service({ policy: 'no' }), failed, [], 0)).toEqual({ restart: false, reason: 'policy' });
    expect(decideRestart(service({ policy: 'no' }), killed, [], 0)).toEqual({ restart: false, reason: 'policy' });
  });

  it("'on-failure': restarts failures and signals, completes on exit 0", () => {
    expect(decideRestart(service({ policy: 'on-failure' }), clean, [], 0)).toEqual({ restart: false, reason: 'completed' });
    expect(decideRestart(service({ policy: 'on-failure' }), failed, [], 0)).toEqual({ restart: true, delayMs: 100, attempt: 1 });
    expect(decideRestart(service({ policy: 'on-failure' }), killed, [], 0)).toEqual({ restart: true, delayMs: 100, attempt: 1 });
  });

  it("'always': restarts clean exits too", () => {
    expect(decideRestart(service({ policy: 'always' }), clean, [], 0)).toEqual({ restart: true, delayMs: 100, attempt: 1 });
  });

  it('backoff doubles per restart already made and is capped at max', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((made) => {
      const decision = decideRestart(service({ policy: 'always', maxRestarts: 10 }), failed, Array(made).fill(0), 0);
      return decision.restart ? decision.delayMs : undefined;
    });
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('honours a custom factor', () => {
    const s = service({ policy: 'always', backoff: { initial: 10, max: 10_000, factor: 3 } });
    expect(decideRestart(s, failed, [0, 0], 0)).toEqual({ restart: true, delayMs: 90, attempt: 3 });
  });

  it('stops at maxRestarts (restarts counted after the first start)', () => {
    const s = service({ policy: 'on-failure', maxRestarts: 2 });
    expect(decideRestart(s, failed, [1], 10).restart).toBe(true);
    expect(decideRestart(s, failed, [1, 2], 10)).toEqual({ restart: false, reason: 'limit' });
  });

  it('maxRestarts 0: the first failure is final', () => {
    expect(decideRestart(service({ policy: 'always', maxRestarts: 0 }), failed, [], 0)).toEqual({ restart: false, reason: 'limit' });
  });

  it('with a window, only restarts inside it count (and the backoff restarts from initial)', () => {
    const s = service({ policy: 'on-failure', maxRestarts: 2, window: 1_000 });
    expect(decideRestart(s, failed, [100, 200], 900)).toEqual({ restart: false, reason: 'limit' });
    expect(decideRestart(s, failed, [100, 200], 5_000)).toEqual({ restart: true, delayMs: 100, attempt: 1 });
    expect(decideRestart(s, failed, [100, 4_500], 5_000)).toEqual({ restart: true, delayMs: 200, attempt: 2 });
  });
});
