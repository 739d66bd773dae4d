import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSplitter, createLogHub } from '../../../src/logs/index.js';
import type { LogHub, LogRecord } from '../../../src/logs/index.js';
import { Collector, listDir, makeTempDir, readRecords } from './helpers.js';

const printLines = fileURLToPath(new URL('../../fixtures/logs/print-lines.mjs', import.meta.url));
const crash = fileURLToPath(new URL('../../fixtures/logs/crash.mjs', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(extra: Partial<Parameters<typeof createLogHub>[0]> = {}) {
  const { dir, cleanup } = await makeTempDir();
  const stdout = new Collector();
  const stderr = new Collector();
  const warnings: string[] = [];
  const hub = createLogHub({
    logDir: join(dir, '.netra', 'logs'),
    services: ['api', 'worker'],
    stdout,
    stderr,
    color: false,
    onWarning: (message) => warnings.push(message),
    ...extra,
  });
  cleanups.push(async () => {
    await hub.close();
    await cleanup();
  });
  return { dir, logDir: join(dir, '.netra', 'logs'), hub, stdout, stderr, warnings };
}

/** Pipes a real child's stdout through a LineSplitter into the hub, pausing while the hub is congested. */
async function runChild(hub: LogHub, service: string, count: number): Promise<void> {
  const child = spawn(process.execPath, [printLines, String(count), service], { stdio: ['ignore', 'pipe', 'inherit'] });
  const splitter = new LineSplitter();
  child.stdout.on('data', (chunk: Buffer) => {
    hub.writeLines(service, 'stdout', splitter.push(chunk));
    if (hub.congested) {
      child.stdout.pause();
      const off = hub.onDrain(() => {
        off();
        child.stdout.resume();
      });
    }
  });
  await once(child.stdout, 'end');
  hub.writeLines(service, 'stdout', splitter.end());
  await once(child, 'close');
}

function expectInOrder(lines: readonly string[], service: string, count: number): void {
  const mine = lines.filter((line) => line.startsWith(`${service} `));
  expect(mine.length).toBe(count);
  for (let i = 0; i < mine.length; i += 1) {
    if (mine[i] !== `${service} ${i + 1}`) expect.fail(`${service}: line ${i} is ${mine[i]}`);
  }
}

describe('log hub', () => {
  it('two writers × 100,000 lines arrive complete, untorn and in order on the terminal and in the files', async () => {
    const { hub, stdout, logDir } = await setup({ services: ['alpha', 'beta'] });
    await Promise.all([runChild(hub, 'alpha', 100_000), runChild(hub, 'beta', 100_000)]);
    await hub.flush();
    const bodies = stdout.lines.map((line) => {
      const match = /^(alpha|beta) *\| (.*)$/.exec(line);
      if (!match) expect.fail(`torn or unprefixed terminal line: ${line}`);
      return match[2] as string;
    });
    expect(bodies.length).toBe(200_000);
    expectInOrder(bodies, 'alpha', 100_000);
    expectInOrder(bodies, 'beta', 100_000);
    for (const service of ['alpha', 'beta']) {
      const records = await readRecords(join(logDir, `${service}.log`));
      expect(records.length).toBe(100_000);
      expectInOrder(records.map((record) => record.line), service, 100_000);
      expect(records.map((record) => record.seq)).toEqual(records.map((_, i) => i + 1));
      expect(Object.keys(records[0] as object)).toEqual(['ts', 'service', 'stream', 'line', 'seq']);
      expect(records.every((record) => record.service === service && record.stream === 'stdout')).toBe(true);
    }
  });

  it('prefixes lines with the service name padded to the longest', async () => {
    const { hub, stdout } = await setup({ services: ['db', 'backend'] });
    hub.write('db', 'stdout', 'ready');
    hub.write('backend', 'stderr', 'listening');
    await hub.flush();
    expect(stdout.lines).toEqual(['db      | ready', 'backend | listening']);
  });

  it('continues seq from the previous run’s file', async () => {
    const first = await setup();
    first.hub.writeLines('api', 'stdout', ['a', 'b', 'c']);
    await first.hub.close();
    const hub2 = createLogHub({ logDir: first.logDir, services: ['api'], stdout: new Collector(), stderr: new Collector(), color: false });
    hub2.writeLines('api', 'stdout', ['d']);
    hub2.netra('api', 'restarted');
    await hub2.close();
    const records = await readRecords(join(first.logDir, 'api.log'));
    expect(records.map((r) => [r.line, r.seq, r.stream])).toEqual([
      ['a', 1, 'stdout'], ['b', 2, 'stdout'], ['c', 3, 'stdout'], ['d', 4, 'stdout'], ['restarted', 5, 'netra'],
    ]);
  });

  it('rotates by size at line boundaries and keeps maxFiles rotated files', async () => {
    const { hub, logDir } = await setup({ rotation: { maxBytes: 2000, maxFiles: 2 } });
    for (let i = 1; i <= 100; i += 1) hub.write('api', 'stdout', `line ${i}`);
    await hub.flush();
    expect(await listDir(logDir)).toEqual(['api.log', 'api.log.1', 'api.log.2']);
    const lineage = [
      ...(await readRecords(join(logDir, 'api.log.2'))),
      ...(await readRecords(join(logDir, 'api.log.1'))),
      ...(await readRecords(join(logDir, 'api.log'))),
    ];
    const seqs = lineage.map((r) => r.seq);
    expect(seqs.at(-1)).toBe(100);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    for (const name of ['api.log.1', 'api.log.2']) {
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(join(logDir, name)));
      expect(size).toBeLessThanOrEqual(2000);
      expect(size).toBeGreaterThan(1500);
    }
  });

  it('reports an unwritable log folder once and keeps the terminal stream going', async () => {
    const { dir, cleanup } = await makeTempDir();
    cleanups.push(cleanup);
    await writeFile(join(dir, '.netra'), 'not a folder');
    const stdout = new Collector();
    const warnings: string[] = [];
    const hub = createLogHub({
      logDir: join(dir, '.netra', 'logs'), services: ['api'], stdout, stderr: new Collector(), color: false,
      onWarning: (message) => warnings.push(message),
    });
    hub.writeLines('api', 'stdout', ['one', 'two']);
    hub.write('other', 'stdout', 'three');
    await hub.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot create the log folder/);
    expect(stdout.lines).toEqual(['api | one', 'api | two', 'other | three']);
  });

  it('marks netra’s own lines on stderr and files them with stream "netra"', async () => {
    const { hub, stderr, stdout, logDir } = await setup();
    hub.netra('api', 'exited with code 1', 'error');
    hub.netra(undefined, 'stopping the stack');
    await hub.flush();
    expect(stdout.text).toBe('');
    expect(stderr.lines).toEqual(['netra › api: exited with code 1', 'netra › stopping the stack']);
    const records = await readRecords(join(logDir, 'api.log'));
    expect(records).toMatchObject([{ service: 'api', stream: 'netra', line: 'error: exited with code 1', seq: 1 }]);
    expect(await readRecords(join(logDir, 'netra.log'))).toMatchObject([{ stream: 'netra', line: 'stopping the stack' }]);
  });

  it('collapses repeats and filters the terminal but keeps every line in the file', async () => {
    const { hub, stdout, logDir } = await setup({
      services: ['api'],
      serviceOptions: { api: { collapseRepeats: true, exclude: ['healthz'] } },
    });
    hub.write('api', 'stdout', 'starting');
    for (let i = 0; i < 58; i += 1) hub.write('api', 'stdout', `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}Z polling 127.0.0.1:${5000 + i} took ${i}ms`);
    hub.write('api', 'stdout', 'GET /healthz 200');
    hub.write('api', 'stdout', 'done');
    await hub.flush();
    expect(stdout.lines).toEqual([
      'api | starting',
      'api | 2024-05-01T10:00:00Z polling 127.0.0.1:5000 took 0ms',
      'api | … repeated 57 times',
      'api | done',
    ]);
    expect((await readRecords(join(logDir, 'api.log'))).length).toBe(61);
  });

  it('keeps a ring buffer, feeds subscribers, and prints crash context', async () => {
    const { hub, stderr } = await setup({ serviceOptions: { api: { bufferLines: 3 } } });
    const seen: LogRecord[] = [];
    const off = hub.subscribe((record) => seen.push(record));
    hub.writeLines('api', 'stdout', ['1', '2', '3', '4']);
    hub.write('api', 'stderr', 'Error: boom');
    off();
    hub.write('api', 'stdout', 'after');
    expect(seen.map((r) => r.line)).toEqual(['1', '2', '3', '4', 'Error: boom']);
    expect(hub.tail('api').map((r) => r.line)).toEqual(['4', 'Error: boom', 'after']);
    expect(hub.tail('api', 1).map((r) => r.seq)).toEqual([6]);
    hub.printCrashContext('api', 'exited with code 1', 2);
    await hub.flush();
    expect(stderr.lines).toEqual(['── api: exited with code 1 · last 2 lines ──', 'api    | Error: boom', 'api    | after', '──']);
  });

  it('signals congestion while the terminal is slow and drains afterwards', async () => {
    let release: (() => void) | undefined;
    const slow = new Writable({
      highWaterMark: 1024,
      write(_chunk, _encoding, callback) {
        release = callback;
      },
    });
    const { hub } = await setup({ stdout: slow, highWaterMark: 10_000 });
    hub.write('api', 'stdout', 'first');
    await new Promise((resolve) => setImmediate(resolve));
    hub.writeLines('api', 'stdout', Array.from({ length: 2000 }, (_, i) => `line ${i}`));
    expect(hub.congested).toBe(true);
    const drained = new Promise<void>((resolve) => hub.onDrain(resolve));
    slow._write = (_chunk, _encoding, callback) => callback();
    release?.();
    await drained;
    expect(hub.congested).toBe(false);
  });

  it('highlights error lines only when they are errors, with colors on', async () => {
    const { hub, stdout } = await setup({ services: ['api'], color: true });
    hub.write('api', 'stdout', 'ERROR: database is down');
    hub.write('api', 'stdout', 'INFO: 0 errors so far');
    await hub.flush();
    const [bad, good] = stdout.lines;
    expect(bad).toContain('\x1b[31mERROR: database is down\x1b[39m');
    expect(good).not.toContain('\x1b[31m');
  });

  it('shows the crash context of a real crashing service under a clear header', async () => {
    const { hub, stderr, stdout } = await setup({ services: ['backend'] });
    const child = spawn(process.execPath, [crash], { stdio: ['ignore', 'pipe', 'pipe'] });
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].on('data', (chunk: Buffer) => hub.writeLines('backend', stream, splitters[stream].push(chunk)));
      child[stream].on('end', () => hub.writeLines('backend', stream, splitters[stream].end()));
    }
    const [code] = (await once(child, 'close')) as [number];
    hub.netra('backend', `exited with code ${code}`, 'error');
    hub.printCrashContext('backend', `exited with code ${code}`, 4);
    await hub.flush();
    expect(stdout.lines).toHaveLength(6);
    const block = stderr.lines.slice(1);
    expect(block[0]).toBe('── backend: exited with code 1 · last 4 lines ──');
    expect(block).toHaveLength(6);
    // stdout and stderr race each other, but netra's line is last and the error is in view.
    expect(block[4]).toBe('backend | netra › error: exited with code 1');
    expect(block.slice(1, 4)).toContain('backend | ConnectionRefusedError: [Errno 111] Connection refused');
    expect(block.at(-1)).toBe('──');
  });
});
