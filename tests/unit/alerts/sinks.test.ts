import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebhookSink, followAlerts, formatAlertLine, parseAlertLine, readAlerts, readAlertsWithOffset, stillFiring, type AlertRecord } from '../../../src/alerts/index.js';
import { systemClock } from '../../../src/shared/clock.js';
import type { FolderWakerOptions } from '../../../src/shared/folder-waker.js';

const record = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  ts: '2026-01-01T00:00:00.000Z',
  rule: 'crash-loop',
  severity: 'error',
  state: 'firing',
  service: 'api',
  message: 'api is crash-looping',
  id: 'a1',
  count: 1,
  ...over,
});

describe('terminal line', () => {
  it('is one line, marked, colored only when asked', () => {
    expect(formatAlertLine(record(), false)).toBe('netra ▲ ALERT error crash-loop api: api is crash-looping\n');
    expect(formatAlertLine(record({ state: 'resolved', message: 'up again' }), false)).toBe('netra ✓ resolved crash-loop api: up again\n');
    expect(formatAlertLine(record({ service: undefined, threadId: 't1' }), false)).toBe('netra ▲ ALERT error crash-loop thread t1: api is crash-looping\n');
    expect(formatAlertLine(record(), true)).toMatch(/^\x1b\[[\d;]+mnetra ▲ ALERT error crash-loop api\x1b\[0m: /);
  });
});

describe('webhook sink', () => {
  it('posts in order, retries failures, and never blocks write', async () => {
    const calls: { body: string; attempt: number }[] = [];
    const failFirst = new Set(['a1']);
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      const body = String(init.body);
      const id = (JSON.parse(body) as AlertRecord).id;
      calls.push({ body, attempt: calls.filter((c) => (JSON.parse(c.body) as AlertRecord).id === id).length + 1 });
      if (failFirst.delete(id)) return new Response('no', { status: 503 });
      return new Response('ok');
    }) as typeof fetch;
    const sink = createWebhookSink({ settings: { url: 'http://hook', timeoutMs: 1000, retries: 2, headers: {} }, clock: systemClock, fetchImpl });
    sink.write(record({ id: 'a1' }), false);
    sink.write(record({ id: 'a2' }), false);
    expect(calls).toHaveLength(1); // the first request went out; nothing waited
    await sink.close();
    expect(calls.map((c) => `${(JSON.parse(c.body) as AlertRecord).id}#${c.attempt}`)).toEqual(['a1#1', 'a1#2', 'a2#1']);
  });

  it('gives up after the retries and warns once; 4xx is not retried', async () => {
    let count = 0;
    const warnings: string[] = [];
    const fetchImpl = (async () => (count++, new Response('bad', { status: 400 }))) as unknown as typeof fetch;
    const sink = createWebhookSink({ settings: { url: 'http://hook', timeoutMs: 1000, retries: 3, headers: {} }, clock: systemClock, fetchImpl, onWarning: (m) => warnings.push(m) });
    sink.write(record(), false);
    sink.write(record({ id: 'b' }), false);
    await sink.close();
    expect(count).toBe(2);
    expect(warnings).toEqual(['alert webhook http://hook failed: HTTP 400']);
  });

  it('close is bounded by the timeout even when the endpoint hangs', async () => {
    const fetchImpl = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch;
    const sink = createWebhookSink({ settings: { url: 'http://hook', timeoutMs: 200, retries: 5, headers: {} }, clock: systemClock, fetchImpl });
    sink.write(record(), false);
    await sink.close(); // resolves: the test would time out otherwise
  });
});

/** `<temp dir>/alerts.jsonl` holding `text`, removed when the test ends. */
async function alertsFile(ctx: { onTestFinished(fn: () => Promise<void>): void }, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'netra-alerts-'));
  ctx.onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'alerts.jsonl');
  await writeFile(path, text);
  return path;
}

/** Follows until `count` records have come: `first` settles with the first batch, `done` with them all. */
function followFor(path: string, from: 'start' | 'end' | number, count: number, options: FolderWakerOptions = { pollIntervalMs: 20, fallbackPollMs: 20 }) {
  const controller = new AbortController();
  const records: AlertRecord[] = [];
  let firstSeen: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (firstSeen = resolve));
  const done = (async () => {
    for await (const batch of followAlerts(path, controller.signal, from, options)) {
      records.push(...batch);
      firstSeen();
      if (records.length >= count) controller.abort();
    }
    return records;
  })();
  return { first, done };
}

describe('reading alerts.jsonl', () => {
  it('parses records, skips torn lines, and tells what is still firing', async (ctx) => {
    const lines = [
      JSON.stringify(record({ id: 'x' })),
      '{"torn',
      JSON.stringify(record({ id: 'y', rule: 'error-burst' })),
      JSON.stringify(record({ id: 'x', state: 'resolved' })),
    ];
    const path = await alertsFile(ctx, `${lines.join('\n')}\n`);
    const records = await readAlerts(path);
    expect(records.map((r) => `${r.id} ${r.state}`)).toEqual(['x firing', 'y firing', 'x resolved']);
    expect(stillFiring(records).map((r) => r.id)).toEqual(['y']);
    expect(parseAlertLine('{"ts":"t","rule":"nope","state":"firing","message":"m","severity":"error"}')).toBeUndefined();
    expect(await readAlerts(join(dirname(path), 'missing.jsonl'))).toEqual([]);

    // Follow from where the read ended: taken before the appends, so the follower cannot miss them.
    const { offset: start } = await readAlertsWithOffset(path);
    const follow = followFor(path, start, 2);
    await appendFile(path, `${JSON.stringify(record({ id: 'z1' }))}\n${JSON.stringify(record({ id: 'z2' })).slice(0, 20)}`);
    await appendFile(path, `${JSON.stringify(record({ id: 'z2' })).slice(20)}\n`);
    expect((await follow.done).map((r) => r.id)).toEqual(['z1', 'z2']);
  });

  it('follows on file-system events (no poll would come within the test), a character split between reads intact', async (ctx) => {
    const path = await alertsFile(ctx, '');
    const follow = followFor(path, 'start', 2, { pollIntervalMs: 3_600_000 });
    const line = Buffer.from(`${JSON.stringify(record({ id: 'u', message: 'café ✓' }))}\n`);
    const cut = line.indexOf(0xa9); // inside "é"
    // One write: a whole record and half of the next; once the whole one is seen, the half was read with it.
    await appendFile(path, Buffer.concat([Buffer.from(`${JSON.stringify(record({ id: 't', message: 'first' }))}\n`), line.subarray(0, cut)]));
    await follow.first;
    await appendFile(path, line.subarray(cut));
    expect((await follow.done).map((r) => r.message)).toEqual(['first', 'café ✓']);
  });

  it('reads a file that shrank (replaced: a new stack) again from its start', async (ctx) => {
    const path = await alertsFile(ctx, `${JSON.stringify(record({ id: 'old1' }))}\n${JSON.stringify(record({ id: 'old2' }))}\n`);
    const { offset: end } = await readAlertsWithOffset(path); // a number, so the replacement cannot race the follower's start
    const follow = followFor(path, end, 1);
    await writeFile(path, `${JSON.stringify(record({ id: 'new' }))}\n`);
    expect((await follow.done).map((r) => r.id)).toEqual(['new']);
  });
});
