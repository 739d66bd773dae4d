import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebhookSink, followAlerts, formatAlertLine, parseAlertLine, readAlerts, readAlertsWithOffset, stillFiring, type AlertRecord } from '../../../src/alerts/index.js';
import { systemClock } from '../../../src/shared/clock.js';

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

describe('reading alerts.jsonl', () => {
  it('parses records, skips torn lines, and tells what is still firing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-alerts-'));
    try {
      const path = join(dir, 'alerts.jsonl');
      const lines = [
        JSON.stringify(record({ id: 'x' })),
        '{"torn',
        JSON.stringify(record({ id: 'y', rule: 'error-burst' })),
        JSON.stringify(record({ id: 'x', state: 'resolved' })),
      ];
      await writeFile(path, `${lines.join('\n')}\n`);
      const records = await readAlerts(path);
      expect(records.map((r) => `${r.id} ${r.state}`)).toEqual(['x firing', 'y firing', 'x resolved']);
      expect(stillFiring(records).map((r) => r.id)).toEqual(['y']);
      expect(parseAlertLine('{"ts":"t","rule":"nope","state":"firing","message":"m","severity":"error"}')).toBeUndefined();
      expect(await readAlerts(join(dir, 'missing.jsonl'))).toEqual([]);

      // Follow from where the read ended: taken before the appends, so the follower cannot miss them.
      const { offset: start } = await readAlertsWithOffset(path);
      const controller = new AbortController();
      const seen: string[] = [];
      const follow = (async () => {
        for await (const batch of followAlerts(path, controller.signal, start, { pollIntervalMs: 20, fallbackPollMs: 20 })) {
          seen.push(...batch.map((r) => r.id));
          if (seen.length >= 2) controller.abort();
        }
      })();
      await appendFile(path, `${JSON.stringify(record({ id: 'z1' }))}\n${JSON.stringify(record({ id: 'z2' })).slice(0, 20)}`);
      await appendFile(path, `${JSON.stringify(record({ id: 'z2' })).slice(20)}\n`);
      await follow;
      expect(seen).toEqual(['z1', 'z2']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('follows on file-system events (no poll would come within the test), a character split between reads intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-alerts-'));
    try {
      const path = join(dir, 'alerts.jsonl');
      await writeFile(path, '');
      const controller = new AbortController();
      const seen: string[] = [];
      let firstSeen: () => void = () => undefined;
      const first = new Promise<void>((resolve) => (firstSeen = resolve));
      const follow = (async () => {
        for await (const batch of followAlerts(path, controller.signal, 'start', { pollIntervalMs: 3_600_000 })) {
          seen.push(...batch.map((r) => r.message));
          firstSeen();
          if (seen.length >= 2) controller.abort();
        }
      })();
      const line = Buffer.from(`${JSON.stringify(record({ id: 'u', message: 'café ✓' }))}\n`);
      const cut = line.indexOf(0xa9); // inside "é"
      // One write: a whole record and half of the next; once the whole one is seen, the half was read with it.
      await appendFile(path, Buffer.concat([Buffer.from(`${JSON.stringify(record({ id: 't', message: 'first' }))}\n`), line.subarray(0, cut)]));
      await first;
      await appendFile(path, line.subarray(cut));
      await follow;
      expect(seen).toEqual(['first', 'café ✓']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a file that shrank (replaced: a new stack) again from its start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-alerts-'));
    try {
      const path = join(dir, 'alerts.jsonl');
      await writeFile(path, `${JSON.stringify(record({ id: 'old1' }))}\n${JSON.stringify(record({ id: 'old2' }))}\n`);
      const controller = new AbortController();
      const seen: string[] = [];
      const follow = (async () => {
        for await (const batch of followAlerts(path, controller.signal, 'end', { pollIntervalMs: 20, fallbackPollMs: 20 })) {
          seen.push(...batch.map((r) => r.id));
          controller.abort();
        }
      })();
      await writeFile(path, `${JSON.stringify(record({ id: 'new' }))}\n`);
      await follow;
      expect(seen).toEqual(['new']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
