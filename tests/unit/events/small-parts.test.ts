import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/events/redact.js';
import { checkEvent, parseClientFrame } from '../../../src/events/validate.js';
import { ReplayBuffer } from '../../../src/events/replay-buffer.js';
import { encodeEvent, toReplayWire, decodeEnvelope } from '../../../src/events/encode.js';
import { framePayload } from '../../../src/events/ws-frame.js';
import { backoffDelay } from '../../../src/events/client/backoff.js';
import { hostnameOf, isAllowedOrigin } from '../../../src/events/origin-guard.js';

describe('redact', () => {
  it('replaces secret-named keys at any depth, case-insensitively, and shares untouched values', () => {
    const clean = { a: [1, { b: 'x' }] };
    expect(redact(clean)).toBe(clean);
    expect(redact({ apiToken: 't', list: [{ PASSWORD: 'p' }], deep: { clientSecret: { x: 1 }, privateKey: 'k', authHeader: 'a', credentials: [] } })).toEqual({
      apiToken: '[REDACTED]',
      list: [{ PASSWORD: '[REDACTED]' }],
      deep: { clientSecret: '[REDACTED]', privateKey: '[REDACTED]', authHeader: '[REDACTED]', credentials: '[REDACTED]' },
    });
  });
});

describe('validate', () => {
  it('parses frames and rejects malformed ones with bad_request, echoing the id', () => {
    expect(parseClientFrame('{"type":"ping","id":3}')).toEqual({ ok: true, value: { type: 'ping', id: 3 } });
    expect(parseClientFrame('nope')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(parseClientFrame('{"type":"subscribe","id":"a","since":-1,"threadId":"t"}')).toMatchObject({ ok: false, code: 'bad_request', id: 'a' });
    expect(parseClientFrame('{"type":"hello","token":"x","role":"admin"}')).toMatchObject({ ok: false });
  });

  it('checks event names and required payload fields with invalid_event', () => {
    expect(checkEvent('x.progress', {}).ok).toBe(true);
    expect(checkEvent('x.', {})).toMatchObject({ code: 'invalid_event' });
    expect(checkEvent('agent_done', {})).toMatchObject({ code: 'invalid_event' });
    expect(checkEvent('tool_executing', { toolCallId: 'c' })).toMatchObject({ code: 'invalid_event' });
    expect(checkEvent('agent_error', { code: 'c' })).toMatchObject({ code: 'invalid_event' });
    expect(checkEvent('agent_thinking', { text: 't', progress: 1 }).ok).toBe(true);
  });
});

describe('replay buffer and encoding', () => {
  const frame = (seq: number, size = 10) => ({ seq, runId: 'r', frame: Buffer.alloc(size) });

  it('keeps the last maxEvents or maxBytes and replays after a seq', () => {
    const buffer = new ReplayBuffer(3, 1000);
    for (let seq = 1; seq <= 5; seq += 1) buffer.push(frame(seq));
    expect(buffer.firstSeq).toBe(3);
    expect([...buffer.after(3)].map((e) => e.seq)).toEqual([4, 5]);
    const bytes = new ReplayBuffer(100, 25);
    for (let seq = 1; seq <= 5; seq += 1) bytes.push(frame(seq));
    expect(bytes.size).toBe(2);
    expect(bytes.bytes).toBe(20);
  });

  it('derives the replay copy from the live bytes', () => {
    const live = encodeEvent({ epoch: 'e', threadId: 't', runId: 'r', seq: 1, runSeq: 1, event: 'agent_started', ts: 5, synthetic: false }, '{"a":1}').json;
    expect(decodeEnvelope(live)).toEqual({ type: 'event', replay: false, synthetic: false, epoch: 'e', threadId: 't', runId: 'r', seq: 1, runSeq: 1, event: 'agent_started', ts: 5, payload: { a: 1 } });
    expect(decodeEnvelope(framePayload(toReplayWire(live)))).toMatchObject({ replay: true, seq: 1, payload: { a: 1 } });
  });
});

describe('backoff and origin checks', () => {
  it('grows from 0.25 s to 10 s with jitter', () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(125);
    expect(backoffDelay(0, { random: () => 1 })).toBe(250);
    expect(backoffDelay(20, { random: () => 1 })).toBe(10_000);
  });

  it('accepts loopback hosts and origins on any port, plus configured origins', () => {
    expect(hostnameOf('[::1]:80')).toBe('[::1]');
    expect(hostnameOf('LOCALHOST:3000')).toBe('localhost');
    expect(isAllowedOrigin('http://127.0.0.1:5173', [])).toBe(true);
    expect(isAllowedOrigin('http://[::1]:1', [])).toBe(true);
    expect(isAllowedOrigin('http://localhost.evil.test', [])).toBe(false);
    expect(isAllowedOrigin('https://ui.test', ['https://ui.test/'])).toBe(true);
    expect(isAllowedOrigin('null', [])).toBe(false);
  });
});

describe('redact copies only what changes', () => {
  it('keeps key order and untouched siblings, and copies arrays and objects only from the first change on', () => {
    const shared = { keep: [1, 2] };
    const input = { a: 1, b: shared, list: [shared, { token: 'x' }, 3], c: 'z', secretKey: { y: 1 } };
    const out = redact(input) as typeof input;
    expect(Object.keys(out)).toEqual(['a', 'b', 'list', 'c', 'secretKey']);
    expect(out).toEqual({ a: 1, b: shared, list: [shared, { token: '[REDACTED]' }, 3], c: 'z', secretKey: '[REDACTED]' });
    expect(out.b).toBe(shared);
    expect(out.list[0]).toBe(shared);
    expect(input.list[1]).toEqual({ token: 'x' }); // the input is never modified
    const late = [1, 2, { auth: 'a' }];
    expect(redact(late)).toEqual([1, 2, { auth: '[REDACTED]' }]);
    expect(redact({ x: [{ y: [{ z: 1 }] }] })).toEqual({ x: [{ y: [{ z: 1 }] }] });
    expect(redact(null)).toBe(null);
  });
});
