import { watch as fsWatch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogHub, followLogs } from '../../../src/logs/index.js';
import type { FollowOptions, LogHub, LogQuery, ReadRecord } from '../../../src/logs/index.js';
import { Collector, makeTempDir, readRecords } from './helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function hubFor(logDir: string, rotation?: { maxBytes: number; maxFiles: number }): LogHub {
  const hub = createLogHub({ logDir, services: ['api'], stdout: new Collector(), stderr: new Collector(), color: false, ...(rotation ? { rotation } : {}) });
  cleanups.push(() => hub.close());
  return hub;
}

/** Runs followLogs in the background, collecting every record, until the test ends. */
function follow(query: LogQuery, options: FollowOptions = {}) {
  const controller = new AbortController();
  const records: ReadRecord[] = [];
  const done = (async () => {
    for await (const batch of followLogs(query, controller.signal, options)) records.push(...batch);
  })();
  cleanups.push(async () => {
    controller.abort();
    await done;
  });
  return { records, controller, done, lines: () => records.map((r) => r.line) };
}

async function folder() {
  const { dir, cleanup } = await makeTempDir();
  cleanups.push(cleanup);
  return join(dir, '.netra', 'logs');
}

/**
 * A real watcher on the folder whose events are ignored: the follower wakes only when the
 * test calls `fire` (no poll comes within a test), so the reads between writes are known.
 */
function manualWatcher() {
  let fire: (() => void) | undefined;
  const watch = ((path: string, listener: (event: string, name: string) => void) => {
    const real: FSWatcher = fsWatch(path, () => undefined);
    fire = () => listener('change', 'api.log');
    return real;
  }) as unknown as typeof fsWatch;
  return {
    options: { watch, pollIntervalMs: 600_000 } satisfies FollowOptions,
    watching: () => fire !== undefined,
    fire: () => fire?.(),
  };
}

/**
 * A hub rotating every 2 KiB that wrote `line 1`, and a follower of all history
 * woken only by `w.fire()`, its watcher in place: the gap tests' start.
 */
async function followFromLineOne(maxFiles: number, query: Omit<LogQuery, 'logDir' | 'tail'> = {}) {
  const logDir = await folder();
  const hub = hubFor(logDir, { maxBytes: 2048, maxFiles });
  hub.write('api', 'stdout', 'line 1');
  await hub.flush();
  const w = manualWatcher();
  const f = follow({ logDir, tail: 'all', ...query }, w.options);
  await waitFor(() => w.watching(), 'the watcher', 10_000);
  return { logDir, hub, f, w };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('followLogs', () => {
  it('prints the tail, then new lines, across many rotations, without losing or duplicating one', async () => {
    const logDir = await folder();
    const hub = hubFor(logDir, { maxBytes: 4096, maxFiles: 100 }); // nothing rotates out of reach, however late the reader
    hub.writeLines('api', 'stdout', range(1, 10).map((i) => `line ${i}`));
    await hub.flush();
    const f = follow({ logDir, tail: 3 });
    await waitFor(() => f.records.length >= 3, 'the tail', 10_000);
    for (let i = 11; i <= 3000; i += 1) {
      hub.write('api', 'stdout', `line ${i}`);
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await hub.flush();
    await waitFor(() => f.records.at(-1)?.line === 'line 3000', 'the last line', 20_000);
    expect(f.records.map((r) => r.seq)).toEqual(range(8, 3000));
  });

  it('fills the gap when several rotations pass between two reads', async () => {
    // The follower reads exactly twice: at the start and when fired.
    const { hub, f, w } = await followFromLineOne(10);
    await waitFor(() => f.records.length >= 1, 'the first line', 10_000);
    for (let i = 2; i <= 200; i += 1) hub.write('api', 'stdout', `line ${i}`);
    await hub.flush();
    w.fire();
    await waitFor(() => f.records.at(-1)?.line === 'line 200', 'the last line', 10_000);
    expect(f.records.map((r) => r.seq)).toEqual(range(1, 200));
  });

  it('fills the gap with a filter too, keeping only matching lines and none twice', async () => {
    const { hub, f, w } = await followFromLineOne(10, { grep: /0$/ });
    for (let i = 2; i <= 200; i += 1) hub.write('api', 'stdout', `line ${i}`);
    await hub.flush();
    w.fire();
    await waitFor(() => f.records.at(-1)?.line === 'line 200', 'the last line of the gap', 10_000);
    // In sequence after the gap: no gap is filled again, nothing is printed twice.
    for (let i = 201; i <= 210; i += 1) hub.write('api', 'stdout', `line ${i}`);
    await hub.flush();
    w.fire();
    await waitFor(() => f.records.at(-1)?.line === 'line 210', 'the line after the gap', 10_000);
    expect(f.records.map((r) => r.seq)).toEqual(range(1, 21).map((n) => n * 10));
  });

  it('prints what is left of a gap whose oldest lines were rotated out of existence, in order, then goes on', async () => {
    const { logDir, hub, f, w } = await followFromLineOne(2);
    await waitFor(() => f.records.length >= 1, 'the first line', 10_000);
    for (let i = 2; i <= 300; i += 1) hub.write('api', 'stdout', `line ${i}`);
    await hub.flush();
    // What survives on disk: the two rotated files and the current one.
    const left: number[] = [];
    for (const name of ['api.log.2', 'api.log.1', 'api.log']) left.push(...(await readRecords(join(logDir, name))).map((r) => r.seq));
    expect(left[0]).toBeGreaterThan(2); // lines were lost: the test is about that case
    w.fire();
    await waitFor(() => f.records.at(-1)?.line === 'line 300', 'the last line', 10_000);
    hub.write('api', 'stdout', 'line 301');
    await hub.flush();
    w.fire();
    await waitFor(() => f.records.at(-1)?.line === 'line 301', 'the line after', 10_000);
    // The first file stays open in the follower, so it is read to its end even though it was deleted;
    // then come the lines still on disk, then the new one: nothing twice, nothing out of order.
    const seqs = f.records.map((r) => r.seq);
    const firstFileEnd = seqs.findIndex((seq, i) => i > 0 && seq !== (seqs[i - 1] as number) + 1);
    expect(firstFileEnd).toBeGreaterThan(0);
    expect(seqs.slice(0, firstFileEnd)).toEqual(range(1, firstFileEnd));
    expect(seqs.slice(firstFileEnd)).toEqual([...left, 301]);
  });

  it('keeps going across a restart of the stack (new hub, same files)', async () => {
    const logDir = await folder();
    const first = hubFor(logDir);
    first.write('api', 'stdout', 'run 1');
    await first.close();
    const f = follow({ logDir, services: ['api'] });
    await waitFor(() => f.records.length === 1, 'history', 10_000);
    const second = hubFor(logDir);
    second.netra('api', 'starting');
    second.write('api', 'stdout', 'run 2');
    await second.flush();
    await waitFor(() => f.records.length === 3, 'run 2', 10_000);
    expect(f.records.map((r) => [r.line, r.seq])).toEqual([['run 1', 1], ['starting', 2], ['run 2', 3]]);
  });

  it('starts over when the folder is deleted and re-created, or a file truncated', async () => {
    const logDir = await folder();
    const first = hubFor(logDir);
    first.write('api', 'stdout', 'old run');
    await first.close();
    const f = follow({ logDir }, { pollIntervalMs: 100, fallbackPollMs: 50 });
    await waitFor(() => f.records.length === 1, 'history', 10_000);
    await rm(logDir, { recursive: true });
    const second = hubFor(logDir);
    second.write('api', 'stdout', 'new run');
    await second.close();
    await waitFor(() => f.lines().includes('new run'), 'the new run', 10_000);
    await truncate(join(logDir, 'api.log'), 0);
    await writeFile(join(logDir, 'api.log'), '{"ts":"2026-01-01T00:00:00.000Z","service":"api","stream":"stdout","line":"after truncate","seq":1}\n');
    await waitFor(() => f.lines().includes('after truncate'), 'the line after truncation', 10_000);
    expect(f.lines()).toEqual(['old run', 'new run', 'after truncate']);
  });

  it('picks up a service that starts logging later, and filters new lines', async () => {
    const logDir = await folder();
    const hub = hubFor(logDir);
    hub.write('api', 'stdout', 'hello');
    await hub.flush();
    const f = follow({ logDir, grep: /keep/ });
    hub.write('late', 'stdout', 'drop me');
    hub.write('late', 'stdout', 'keep me');
    hub.write('api', 'stdout', 'keep this too');
    await hub.flush();
    await waitFor(() => f.records.length === 2, 'the filtered lines', 10_000);
    expect(f.records.map((r) => `${r.service}:${r.line}`).sort()).toEqual(['api:keep this too', 'late:keep me']);
  });

  it('waits for a folder that does not exist yet, and ends when aborted', async () => {
    const logDir = await folder();
    const f = follow({ logDir }, { fallbackPollMs: 50 });
    const hub = hubFor(logDir);
    hub.write('api', 'stdout', 'first ever');
    await hub.flush();
    await waitFor(() => f.records.length === 1, 'the first line', 10_000);
    f.controller.abort();
    await f.done;
    expect(f.lines()).toEqual(['first ever']);
  });
});
