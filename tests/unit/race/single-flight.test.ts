import { describe, expect, it } from 'vitest';
import { SingleFlight, SingleFlightCancelled } from '../../../src/race/index.js';

/** A promise the test settles by hand. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A task that records its starts and finishes when the test says so. */
function task(): { starts: number; gates: ReturnType<typeof deferred<string>>[]; fn: () => Promise<string> } {
  const state = {
    starts: 0,
    gates: [] as ReturnType<typeof deferred<string>>[],
    fn: () => {
      state.starts += 1;
      const gate = deferred<string>();
      state.gates.push(gate);
      return gate.promise;
    },
  };
  return state;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SingleFlight', () => {
  it('merges N requests during a run into exactly one follow-up', async () => {
    const flight = new SingleFlight();
    const work = task();
    const first = flight.run('api', work.fn);
    await tick();
    expect(work.starts).toBe(1);
    const followUps = Array.from({ length: 10 }, () => flight.run('api', work.fn));
    expect(new Set(followUps).size).toBe(1);
    expect(flight.hasPending('api')).toBe(true);
    await tick();
    expect(work.starts).toBe(1); // nothing overlaps the run in progress
    work.gates[0]!.resolve('one');
    expect(await first).toBe('one');
    await tick();
    expect(work.starts).toBe(2);
    work.gates[1]!.resolve('two');
    expect(await followUps[0]).toBe('two');
    await flight.idle('api');
    expect(work.starts).toBe(2);
    expect(flight.isRunning('api')).toBe(false);
  });

  it('join returns the run in progress', async () => {
    const flight = new SingleFlight();
    const work = task();
    const first = flight.run('api', work.fn);
    const joined = flight.run('api', work.fn, { join: true });
    expect(joined).toBe(first);
    await tick();
    work.gates[0]!.resolve('done');
    expect(await joined).toBe('done');
    expect(work.starts).toBe(1);
  });

  it('keys are independent', async () => {
    const flight = new SingleFlight();
    const a = task();
    const b = task();
    void flight.run('a', a.fn);
    void flight.run('b', b.fn);
    await tick();
    expect([a.starts, b.starts]).toEqual([1, 1]);
    a.gates[0]!.resolve('');
    b.gates[0]!.resolve('');
    await Promise.all([flight.idle('a'), flight.idle('b')]);
  });

  it('runs the follow-up even when the current run fails, with the latest fn', async () => {
    const flight = new SingleFlight();
    const work = task();
    const first = flight.run('api', work.fn);
    await tick();
    void flight.run('api', () => Promise.resolve('stale'));
    const latest = flight.run('api', () => Promise.resolve('latest'));
    work.gates[0]!.reject(new Error('crashed'));
    await expect(first).rejects.toThrow('crashed');
    expect(await latest).toBe('latest');
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flight = new SingleFlight();
    await expect(
      flight.run('x', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flight.isRunning('x')).toBe(false);
  });

  it('close drops pending follow-ups and refuses new runs; the current run finishes', async () => {
    const flight = new SingleFlight();
    const work = task();
    const first = flight.run('api', work.fn);
    await tick();
    const followUp = flight.run('api', work.fn);
    flight.close();
    await expect(followUp).rejects.toBeInstanceOf(SingleFlightCancelled);
    await expect(flight.run('other', work.fn)).rejects.toBeInstanceOf(SingleFlightCancelled);
    work.gates[0]!.resolve('finished');
    expect(await first).toBe('finished');
    await flight.idle('api');
    expect(work.starts).toBe(1); // never started after shutdown began
  });

  it('cancel drops only the follow-up of one key', async () => {
    const flight = new SingleFlight();
    const work = task();
    void flight.run('api', work.fn);
    await tick();
    const followUp = flight.run('api', work.fn);
    flight.cancel('api');
    await expect(followUp).rejects.toBeInstanceOf(SingleFlightCancelled);
    expect(flight.hasPending('api')).toBe(false);
    work.gates[0]!.resolve('');
    await flight.idle('api');
    expect(work.starts).toBe(1);
  });
});
