/** Backpressure: every congestion episode of the hub ends with a drain callback, however many there are. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogHub } from '../../../src/logs/index.js';

/** A terminal that reads slowly: each chunk is accepted on the next macrotask. */
function slowTerminal(): Writable & { received: number } {
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      stream.received += chunk.length;
      setImmediate(callback);
    },
  }) as Writable & { received: number };
  stream.received = 0;
  return stream;
}

it('drain is reported after each of several congestions', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'netra-hub-drain-'));
  try {
    const stdout = slowTerminal();
    const hub = createLogHub({
      logDir: join(dir, 'logs'),
      services: ['svc'],
      stdout,
      stderr: slowTerminal(),
      color: false,
      highWaterMark: 16 * 1024,
    });
    const batch = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    let episodes = 0;
    for (let round = 0; round < 20; round += 1) {
      hub.writeLines('svc', 'stdout', batch);
      if (hub.congested) {
        episodes += 1;
        await new Promise<void>((resolve) => {
          const off = hub.onDrain(() => {
            off();
            resolve();
          });
        });
        expect(hub.congested).toBe(false);
      }
    }
    expect(episodes).toBeGreaterThan(1);
    await hub.close();
    expect(hub.tail('svc', 1)[0]?.seq).toBe(20_000);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
