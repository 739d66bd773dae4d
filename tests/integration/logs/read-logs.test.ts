import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogHub, readLogs } from '../../../src/logs/index.js';
import type { LogQuery, ReadRecord } from '../../../src/logs/index.js';
import { Collector, makeTempDir } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A clock that moves one second per call from 2026-01-01T00:00:00Z, for predictable times. */
function steppingClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

async function logFolder(rotation?: { maxBytes: number; maxFiles: number }) {
  const { dir, cleanup } = await makeTempDir();
  cleanups.push(cleanup);
  const logDir = join(dir, 'logs');
  const hub = createLogHub({
    logDir, services: ['api', 'worker'], stdout: new Collector(), stderr: new Collector(), color: false,
    now: steppingClock(), ...(rotation ? { rotation } : {}),
  });
  return { logDir, hub };
}

async function collect(query: LogQuery): Promise<ReadRecord[]> {
  const out: ReadRecord[] = [];
  for await (const batch of readLogs(query)) out.push(...batch);
  return out;
}

const show = (records: readonly ReadRecord[]): string[] => records.map((r) => `${r.service}:${r.line}`);

describe('readLogs', () => {
  it('merges services in time order and keeps the last N per service', async () => {
    const { logDir, hub } = await logFolder();
    for (let i = 1; i <= 5; i += 1) {
      hub.write('api', 'stdout', `a${i}`);
      hub.write('worker', 'stdout', `w${i}`);
    }
    await hub.close();
    expect(show(await collect({ logDir, tail: 2 }))).toEqual(['api:a4', 'worker:w4', 'api:a5', 'worker:w5']);
    expect(show(await collect({ logDir, tail: 'all', services: ['worker'] }))).toEqual(['w1', 'w2', 'w3', 'w4', 'w5'].map((l) => `worker:${l}`));
    expect((await collect({ logDir })).length).toBe(10); // default 100 per service
    expect(await collect({ logDir, tail: 0 })).toEqual([]);
  });

  it('merges --tail all in time order over many batches, with and without a filter or a needle', async () => {
    const { logDir, hub } = await logFolder({ maxBytes: 256 * 1024, maxFiles: 20 });
    // Runs of varied length per service, so merged batches cut through runs and through single lines alike.
    const expected: string[] = [];
    for (let i = 1; i <= 12_000; i += 1) {
      const service = i % 7 < 3 || i % 1000 < 300 ? 'api' : 'worker';
      hub.write(service, 'stdout', `${service} ${i}${i % 10 === 0 ? ' tenth' : ''}`);
      expected.push(`${service}:${service} ${i}${i % 10 === 0 ? ' tenth' : ''}`);
    }
    await hub.close();
    const all = await collect({ logDir, tail: 'all' });
    expect(show(all)).toEqual(expected);
    const tenths = expected.filter((line) => line.endsWith(' tenth'));
    expect(show(await collect({ logDir, tail: 'all', grep: /tenth/ }))).toEqual(tenths); // a literal: the needle path
    expect(show(await collect({ logDir, tail: 'all', grep: /0 ten+th$/ }))).toEqual(tenths); // a regex: every line parsed
  });

  it('filters by --since, --grep, --stream and --level on real files', async () => {
    const { logDir, hub } = await logFolder();
    hub.write('api', 'stdout', 'INFO: starting'); // 00:00:01
    hub.write('api', 'stderr', 'ERROR: db down'); // 00:00:02
    hub.write('api', 'stdout', 'WARNING: slow'); // 00:00:03
    hub.write('api', 'stdout', 'request with error in text'); // 00:00:04
    hub.netra('api', 'exited with code 1', 'error'); // 00:00:05
    await hub.close();
    const lines = async (query: Partial<LogQuery>) => (await collect({ logDir, tail: 'all', ...query })).map((r) => r.line);
    expect(await lines({ since: new Date(Date.UTC(2026, 0, 1, 0, 0, 3)) })).toEqual(['WARNING: slow', 'request with error in text', 'error: exited with code 1']);
    expect(await lines({ grep: /error/ })).toEqual(['request with error in text', 'error: exited with code 1']);
    expect(await lines({ grep: /^ERROR/i })).toEqual(['ERROR: db down', 'error: exited with code 1']);
    expect(await lines({ stream: 'stderr' })).toEqual(['ERROR: db down']);
    expect(await lines({ stream: 'netra' })).toEqual(['error: exited with code 1']);
    expect(await lines({ level: 'warn' })).toEqual(['ERROR: db down', 'WARNING: slow', 'error: exited with code 1']);
    expect(await lines({ level: 'error', tail: 1 })).toEqual(['error: exited with code 1']);
    // --since without --tail means every line since then, not the last 100.
    expect((await collect({ logDir, since: new Date(0) })).length).toBe(5);
  });

  it('reads across rotated files, oldest first, for --tail N and --tail all', async () => {
    const { logDir, hub } = await logFolder({ maxBytes: 1500, maxFiles: 10 });
    for (let i = 1; i <= 60; i += 1) hub.write('api', 'stdout', `line ${i}`);
    await hub.close();
    const all = await collect({ logDir, tail: 'all' });
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const last = await collect({ logDir, tail: 25 });
    expect(last.map((r) => r.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 36));
  });

  it('skips a half-written last line and foreign lines, and keeps escapes', async () => {
    const { logDir, hub } = await logFolder();
    hub.write('api', 'stdout', 'quote " backslash \\ tab \t unicode é');
    await hub.close();
    await appendFile(join(logDir, 'api.log'), 'not json\n{"ts":"2026-01-01T00:01:00.000Z","service":"api","stream":"stdout","line":"half');
    const records = await collect({ logDir, tail: 'all' });
    expect(records.map((r) => r.line)).toEqual(['quote " backslash \\ tab \t unicode é']);
  });

  it('names an unknown service as a usage error, and accepts known ones without files', async () => {
    const { logDir, hub } = await logFolder();
    hub.write('api', 'stdout', 'x');
    await hub.close();
    await expect(collect({ logDir, services: ['nope'] })).rejects.toMatchObject({ code: 'UNKNOWN_SERVICE', exitCode: 2 });
    expect(await collect({ logDir, services: ['later'], knownServices: ['later'] })).toEqual([]);
  });

  it('reads nothing from a folder that does not exist yet', async () => {
    const { dir, cleanup } = await makeTempDir();
    cleanups.push(cleanup);
    expect(await collect({ logDir: join(dir, 'missing') })).toEqual([]);
  });

  it('prints records as the file has them for --json (raw kept)', async () => {
    const { logDir } = await logFolder();
    const raw = '{"ts":"2026-01-01T00:00:00.000Z","service":"x","stream":"stdout","line":"hi","seq":7}';
    await writeFile(join(logDir, 'x.log'), `${raw}\n`);
    expect((await collect({ logDir, services: ['x'] }))[0]?.raw).toBe(raw);
  });
});
