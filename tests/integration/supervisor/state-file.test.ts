/**
 * StateFileWriter on a real folder: writes coalesce to the latest snapshot,
 * and remove() is final — a write scheduled just before it (the last state
 * change of a shutdown) must not bring state.json back.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateFileWriter } from '../../../src/supervisor/state-file.js';
import type { StackStateFile } from '../../../src/supervisor/state-file.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function snapshot(n: number): StackStateFile {
  return { pid: n, stackId: `stack-${n}`, startedAt: new Date(0).toISOString(), services: {} } as unknown as StackStateFile;
}
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('StateFileWriter', () => {
  it('writes the latest snapshot once the scheduled write runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-state-file-'));
    dirs.push(dir);
    let n = 1;
    const writer = new StateFileWriter(dir, () => snapshot(n), () => undefined);
    writer.schedule();
    n = 2;
    writer.schedule();
    await nextTurn();
    await writer.flush();
    expect(JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'))).toMatchObject({ pid: 2 });
  });

  it('remove() right after a schedule(): the file is gone and stays gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'netra-state-file-'));
    dirs.push(dir);
    const errors: string[] = [];
    const writer = new StateFileWriter(dir, () => snapshot(1), (message) => errors.push(message));
    writer.schedule();
    await nextTurn();
    await writer.flush();
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    // The last state change of a shutdown schedules a write; the shutdown removes the file in the same turn.
    writer.schedule();
    await writer.remove();
    await nextTurn();
    await writer.flush();
    writer.schedule();
    await nextTurn();
    await writer.flush();
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
    expect(errors).toEqual([]);
  });
});
