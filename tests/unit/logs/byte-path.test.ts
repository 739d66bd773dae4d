/**
 * The byte path (hub.input, and writeLines without listeners or filters) must
 * write exactly what the text path writes: the same terminal bytes, the same
 * JSONL bytes, the same ring. A subscriber forces the text path, so each case
 * runs twice and the outputs are compared byte for byte.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSplitter, createLogHub } from '../../../src/logs/index.js';
import type { LogHub, LogHubOptions, LogRecord } from '../../../src/logs/index.js';

class Sink extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

interface Run {
  hub: LogHub;
  stdout: Sink;
  file: () => Promise<Buffer>;
}

async function open(extra: Partial<LogHubOptions> = {}): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'netra-byte-path-'));
  dirs.push(dir);
  const stdout = new Sink();
  const hub = createLogHub({
    logDir: join(dir, 'logs'),
    services: ['api', 'worker-long'],
    stdout,
    stderr: new Sink(),
    color: false,
    now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
    ...extra,
  });
  return { hub, stdout, file: () => readFile(join(dir, 'logs', 'api.log')) };
}

/** Feeds the chunks through input() (bytes), and through LineSplitter + writeLines with a listener (text). */
async function both(chunks: Buffer[], extra: Partial<LogHubOptions> = {}) {
  const bytes = await open(extra);
  const input = bytes.hub.input('api', 'stdout');
  for (const chunk of chunks) input.push(chunk);
  input.end();
  const text = await open(extra);
  const heard: LogRecord[] = [];
  text.hub.subscribe((record) => heard.push(record));
  const splitter = new LineSplitter(extra.maxLineLength === undefined ? {} : { maxLineLength: extra.maxLineLength });
  for (const chunk of chunks) text.hub.writeLines('api', 'stdout', splitter.push(chunk));
  text.hub.writeLines('api', 'stdout', splitter.end());
  const result = [];
  for (const run of [bytes, text]) {
    const tail = run.hub.tail('api');
    await run.hub.close();
    result.push({ terminal: run.stdout.bytes.toString('latin1'), file: (await run.file()).toString('latin1'), tail });
  }
  expect(heard.length).toBeGreaterThan(0);
  return { bytes: result[0]!, text: result[1]! };
}

/** Every way of cutting `data` into chunks of `size` bytes. */
function chunked(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return chunks;
}

const tricky = Buffer.concat([
  Buffer.from('plain line\nwith "quotes" and \\backslash\\\ntab\there\r\nbell\x07 esc \x1b[31mred\x1b[0m\n', 'utf8'),
  Buffer.from('\n\nné 🎉 ok — “smart” \u2028 sep\nlone\rcr inside\nERROR: database is down\nWARN slow disk\n', 'utf8'),
  Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x20, 0xe2, 0x82, 0x0a]), // invalid UTF-8, a truncated sequence before \n
  Buffer.from('{"level":"error","msg":"boom"}\nctl \x01\x1f\x7f end\ncrlf at the end\r\n', 'utf8'),
  Buffer.from('no newline at the end\r', 'utf8'),
]);

describe('the byte path writes what the text path writes', () => {
  for (const size of [1, 2, 3, 7, 64, tricky.length]) {
    it(`tricky bytes in chunks of ${size}`, async () => {
      const { bytes, text } = await both(chunked(tricky, size));
      expect(bytes.terminal).toBe(text.terminal);
      expect(bytes.file).toBe(text.file);
      expect(bytes.tail).toEqual(text.tail);
    });
  }

  it('a lone character to escape, at every position of a line', async () => {
    const lines: string[] = [];
    for (const special of ['"', '\\', '\t', '\x00', '\x01', '\x1b', '\x1f', '\r']) {
      for (let at = 0; at < 12; at += 1) lines.push(`${'a'.repeat(at)}${special}${'é'.repeat(at % 3)}${'b'.repeat(11 - at)}`);
    }
    const { bytes, text } = await both([Buffer.from(`${lines.join('\n')}\n`, 'utf8')]);
    expect(bytes.file).toBe(text.file);
    expect(bytes.terminal).toBe(text.terminal);
  });

  it('random lines of tricky characters at every position, in random chunks', async () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = ['a', 'Z', ' ', '"', '\\', '\t', '\x01', '\x1b', '\x1f', '\x7f', 'é', '€', '🎉', '\r', 'ERROR ', 'warn: '];
    const lines = Array.from({ length: 400 }, () => Array.from({ length: random(24) }, () => alphabet[random(alphabet.length)]).join(''));
    const data = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const chunks: Buffer[] = [];
    for (let at = 0; at < data.length; ) {
      const size = 1 + random(90);
      chunks.push(data.subarray(at, at + size));
      at += size;
    }
    for (const color of [false, true]) {
      const { bytes, text } = await both(chunks, { color });
      expect(bytes.terminal).toBe(text.terminal);
      expect(bytes.file).toBe(text.file);
    }
  });

  it('with colors on: the same highlighting, escapes closed', async () => {
    const { bytes, text } = await both(chunked(tricky, 5), { color: true });
    expect(bytes.terminal).toContain('\x1b[31mERROR: database is down\x1b[39m');
    expect(bytes.terminal).toBe(text.terminal);
    expect(bytes.file).toBe(text.file);
  });

  it('ends a last line without newline as LineSplitter does: a truncated character, a final \\r', async () => {
    for (const last of [Buffer.from([0x6c, 0x61, 0x73, 0x74, 0x20, 0xe2, 0x82]), Buffer.from('last é\r', 'utf8')]) {
      const { bytes, text } = await both([Buffer.from('first\n', 'utf8'), last]);
      expect(bytes.file).toBe(text.file);
      expect(bytes.terminal).toBe(text.terminal);
      expect(bytes.tail).toEqual(text.tail);
      expect(bytes.tail.map((r) => r.line)).toEqual(['first', last.toString('utf8').replace(/\r$/, '')]);
    }
  });

  it('cuts lines over maxLineLength exactly as LineSplitter does', async () => {
    const data = Buffer.from(`short\n${'x'.repeat(25)}\nné${'é'.repeat(12)}🎉\n${'y'.repeat(9)}\r\n${'z'.repeat(30)}`, 'utf8');
    for (const size of [1, 4, 11, data.length]) {
      const { bytes, text } = await both(chunked(data, size), { maxLineLength: 10 });
      expect(bytes.terminal).toBe(text.terminal);
      expect(bytes.file).toBe(text.file);
    }
  });

  it('keeps the last lines of the ring across chunks, with their seq', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    const { bytes, text } = await both(chunked(Buffer.from(`${lines}\n`), 17), { serviceOptions: { api: { bufferLines: 7 } } });
    expect(bytes.tail.map((r) => [r.line, r.seq])).toEqual(Array.from({ length: 7 }, (_, i) => [`line ${44 + i}`, 44 + i]));
    expect(bytes.tail).toEqual(text.tail);
  });

  it('the ring is the same when big and small chunks and netra lines interleave', async () => {
    const runs = [await open({ serviceOptions: { api: { bufferLines: 7 } } }), await open({ serviceOptions: { api: { bufferLines: 7 } } })];
    runs[1]!.hub.subscribe(() => undefined);
    const seen: LogRecord[][] = [];
    for (const run of runs) {
      const input = run.hub.input('api', 'stdout');
      const tails: LogRecord[][] = [];
      let n = 0;
      const lines = (count: number): Buffer => Buffer.from(Array.from({ length: count }, () => `l${(n += 1)}\n`).join(''));
      for (const count of [10, 3, 12, 1, 7, 2]) {
        input.push(lines(count));
        if (count % 2 === 1) run.hub.netra('api', `after ${n}`);
        tails.push(run.hub.tail('api'));
      }
      input.push(lines(20));
      input.push(lines(2));
      tails.push(run.hub.tail('api', 4));
      await run.hub.close();
      seen.push(tails.flat());
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]!.at(-1)).toMatchObject({ line: 'l57', seq: 60 });
  });

  it('large seq numbers and a million-byte chunk', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `g ${i} g-g-g-g-g-g-g-g-`).join('\n');
    const { bytes, text } = await both([Buffer.from(`${lines}\n`)]);
    expect(bytes.file).toBe(text.file);
    expect(bytes.terminal).toBe(text.terminal);
  });
});

describe('writeLines', () => {
  const batches = [
    ['a', 'b "q"', 'tab\tand\\', ''],
    ['ends in cr\r', 'middle\rcr'],
    ['has\nnewline', 'next'],
    ['lone \ud800 surrogate', 'pair 🎉'],
    ['ERROR: x', 'fine'],
    Array.from({ length: 20_000 }, (_, i) => `a batch over a megabyte, line ${i}, "quoted" ${'-'.repeat(30)}`),
    ['after the big one'],
  ];
  for (const color of [false, true]) {
    it(`writes the same bytes with and without a listener (color ${color})`, async () => {
      const runs = [await open({ color }), await open({ color })];
      runs[1]!.hub.subscribe(() => undefined);
      const out = [];
      for (const run of runs) {
        for (const batch of batches) run.hub.writeLines('api', 'stderr', batch);
        const tail = run.hub.tail('api');
        await run.hub.close();
        out.push({ terminal: run.stdout.bytes.toString('latin1'), file: (await run.file()).toString('latin1'), tail });
      }
      expect(out[0]).toEqual(out[1]);
      expect(out[0]!.file).toContain('"line":"has\\nnewline"');
      expect(out[0]!.tail.at(-1)?.line).toBe('after the big one');
    });
  }
});

describe('input() with terminal filters', () => {
  it('filters and collapses the terminal, and the file keeps every line', async () => {
    const run = await open({ serviceOptions: { api: { exclude: ['healthz'], collapseRepeats: true } } });
    const input = run.hub.input('api', 'stdout');
    input.push(Buffer.from('start\nGET /healthz 200\ntick 1ms\ntick 2ms\ntick 3ms\ndo'));
    input.push(Buffer.from('ne\n'));
    input.end();
    await run.hub.close();
    expect(run.stdout.bytes.toString()).toBe('api         | start\napi         | tick 1ms\napi         | … repeated 2 times\napi         | done\n');
    expect((await run.file()).toString().trim().split('\n')).toHaveLength(6);
  });

  it('without filters the same input reaches the terminal whole', async () => {
    const run = await open();
    const input = run.hub.input('api', 'stdout');
    input.push(Buffer.from('start\nGET /healthz 200\ntick 1ms\ntick 2ms\ntick 3ms\ndo'));
    input.push(Buffer.from('ne\n'));
    input.end();
    await run.hub.close();
    expect(run.stdout.bytes.toString().split('\n')).toHaveLength(7);
  });
});
