import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCacheManager, type CacheManager, type SetupStep } from '../../../src/cache/index.js';
import { createInProcessFingerprinter } from '../../../src/cache/fingerprint-client.js';

async function put(root: string, file: string, content: string): Promise<void> {
  await mkdir(dirname(join(root, file)), { recursive: true });
  await writeFile(join(root, file), content);
}

describe('cache manager', () => {
  let root: string;
  let warnings: string[];
  const managers: CacheManager[] = [];
  const open = (extra: Partial<Parameters<typeof createCacheManager>[0]> = {}): CacheManager => {
    const m = createCacheManager({ root, stateDir: join(root, '.netra'), onWarning: (w) => warnings.push(w), ...extra });
    managers.push(m);
    return m;
  };
  const deps: SetupStep = { name: 'deps', command: 'npm ci', inputs: ['package-lock.json'], env: ['NODE_ENV'] };
  const migrate: SetupStep = { name: 'migrate', service: 'db', command: ['node', 'migrate.js'], inputs: ['migrations/**'] };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'netra-cache-'));
    warnings = [];
    await put(root, 'package-lock.json', '{"lockfileVersion":3}');
    await put(root, 'migrations/001.sql', 'CREATE TABLE a (id int);');
    await put(root, 'migrations/002.sql', 'CREATE TABLE b (id int);');
  });
  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.close()));
    await rm(root, { recursive: true, force: true });
  });

  it('runs a step without an entry, then skips it while nothing changed (across managers)', async () => {
    const first = open();
    first.warm([deps, migrate]);
    const env = { NODE_ENV: 'development' };
    const d1 = await first.plan(deps, env);
    expect(d1).toMatchObject({ run: true, reason: 'no-entry' });
    await first.recordSuccess(deps, d1.key);
    const d2 = await first.plan(deps, env);
    expect(d2).toMatchObject({ run: false, key: d1.key });

    const second = open();
    const d3 = await second.plan(deps, env);
    expect(d3.run).toBe(false);
    expect(!d3.run && Date.parse(d3.lastSuccessAt)).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it('reruns on a changed input and names the files', async () => {
    const m = open();
    const d1 = await m.plan(migrate, {});
    await m.recordSuccess(migrate, d1.key);
    await put(root, 'migrations/002.sql', 'CREATE TABLE b (id bigint);');
    await put(root, 'migrations/003.sql', 'CREATE TABLE c (id int);');
    await rm(join(root, 'migrations/001.sql'));
    const d2 = await open().plan(migrate, {});
    expect(d2).toMatchObject({ run: true, reason: 'input-changed' });
    expect(d2.run && d2.changed?.sort()).toEqual(['+migrations/003.sql', '-migrations/001.sql', 'migrations/002.sql']);
  });

  it('reruns on a changed env value, a changed command, and under --no-cache', async () => {
    const m = open();
    const d1 = await m.plan(deps, { NODE_ENV: 'development' });
    await m.recordSuccess(deps, d1.key);
    expect(await m.plan(deps, { NODE_ENV: 'production' })).toMatchObject({ run: true, reason: 'env-changed', changed: ['NODE_ENV'] });
    expect(await m.plan(deps, {})).toMatchObject({ run: true, reason: 'env-changed' });
    expect(await m.plan({ ...deps, command: 'npm install' }, { NODE_ENV: 'development' })).toMatchObject({
      run: true,
      reason: 'command-changed',
    });
    expect(await m.plan(deps, { NODE_ENV: 'development' }, { noCache: true })).toMatchObject({ run: true, reason: 'no-cache' });
    expect(await m.plan(deps, { NODE_ENV: 'development' })).toMatchObject({ run: false });
  });

  it('ignores a corrupt or foreign entry with a warning, and a later success repairs it', async () => {
    const m = open();
    const d1 = await m.plan(deps, {});
    await m.recordSuccess(deps, d1.key);
    const dir = join(root, '.netra', 'cache', 'steps');
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), '{"format":"netra.cache.v1","step":"deps","key":'); // torn write
    const m2 = open();
    expect(await m2.plan(deps, {})).toMatchObject({ run: true, reason: 'no-entry' });
    expect(warnings.join('\n')).toMatch(/ignoring the entry of step deps \(not valid JSON\)/);

    // Another step's entry copied over this one's file: never trusted for this step.
    const other = await m2.plan(migrate, {});
    await m2.recordSuccess(migrate, other.key);
    const files = await readdir(dir);
    const migrateFile = files.find((f) => f.startsWith('db_migrate'))!;
    const { readFile } = await import('node:fs/promises');
    await writeFile(join(dir, file!), await readFile(join(dir, migrateFile)));
    warnings = [];
    expect(await open().plan(deps, {})).toMatchObject({ run: true, reason: 'no-entry' });
    expect(warnings.join('\n')).toMatch(/belongs to step "db\/migrate"/);

    const d3 = await m2.plan(deps, {});
    await m2.recordSuccess(deps, d3.key);
    expect(await open().plan(deps, {})).toMatchObject({ run: false });
  });

  it('status explains each step, clear removes entries by name', async () => {
    const m = open();
    for (const step of [deps, migrate]) await m.recordSuccess(step, (await m.plan(step, {})).key);
    await put(root, 'package-lock.json', '{"lockfileVersion":3,"x":1}');
    const status = await open().status([deps, migrate], {});
    expect(status.map((s) => [s.id, s.wouldRun, s.reason, s.changed, s.inputFiles])).toEqual([
      ['deps', true, 'input-changed', ['package-lock.json'], 1],
      ['db/migrate', false, undefined, undefined, 2],
    ]);
    expect(await m.clear('migrate')).toBe(1);
    expect(await m.plan(migrate, {})).toMatchObject({ run: true, reason: 'no-entry' });
    expect(await m.clear()).toBe(1);
    expect(await m.plan(deps, {})).toMatchObject({ run: true, reason: 'no-entry' });
  });

  // 1 file is fingerprinted on the main thread, 1,200 in the worker: both must report the unmatched glob.
  it.each([1, 1_200])('warns about an input glob that matches nothing (%i other files)', async (n) => {
    await mkdir(join(root, 'big'));
    await Promise.all(Array.from({ length: n }, (_, i) => writeFile(join(root, `big/${i}.txt`), `content ${i}`)));
    await open().plan({ name: 'x', command: 'true', inputs: ['big/**', 'nope/**'] }, {});
    expect(warnings).toEqual(['setup step x: input "nope/**" matches no file']);
  });

  it('the main thread, the worker and the in-process fallback compute the same keys', async () => {
    await mkdir(join(root, 'big'));
    await Promise.all(Array.from({ length: 1_200 }, (_, i) => writeFile(join(root, `big/${i}.txt`), `content ${i}`)));
    const big: SetupStep = { name: 'big', command: 'true', inputs: ['big/**', 'migrations'] };
    const small: SetupStep = { name: 'small', command: 'true', inputs: ['migrations/**', 'package-lock.json'] };
    const worker = await open().plan(big, {});
    const fallback = await open({ createFingerprinter: createInProcessFingerprinter }).plan(big, {});
    expect(fallback.key).toBe(worker.key);
    const mainThread = await open().plan(small, {});
    const smallFallback = await open({ createFingerprinter: createInProcessFingerprinter }).plan(small, {});
    expect(smallFallback.key).toBe(mainThread.key);
  });

  // 300 files are fingerprinted on the main thread, 1,200 in the worker (over MAIN_THREAD_BUDGET).
  it.each([300, 1_200])('trusts stats only outside the racy window, and still sees a change (%i files)', async (n) => {
    const treeFile = (i: number): string => join(root, `tree/f${String(i).padStart(4, '0')}.txt`);
    await mkdir(join(root, 'tree'));
    await Promise.all(Array.from({ length: n }, (_, i) => writeFile(treeFile(i), `file ${i}`)));
    const step: SetupStep = { name: 'tree', command: 'true', inputs: ['tree/**'] };
    const reads: number[] = [];
    const onFingerprint = (info: { read: number }): void => void reads.push(info.read);
    // A clock at the files' change time: every record is racy, whatever the wall clock did since.
    const ctimes = await Promise.all(Array.from({ length: n }, async (_, i) => (await stat(treeFile(i))).ctimeMs));
    const changedAt = Math.min(...ctimes);
    const atChange = (): number => changedAt;
    const racy = open({ onFingerprint, now: atChange });
    const d1 = await racy.plan(step, {});
    await racy.recordSuccess(step, d1.key);
    await racy.close();
    expect(reads).toEqual([n]);

    const again = open({ onFingerprint, now: atChange });
    expect((await again.plan(step, {})).run).toBe(false);
    await again.close();
    expect(reads).toEqual([n, n]); // still racy: read again

    // Ten seconds later (injected clock) the stats are trusted: nothing is read.
    const later = open({ onFingerprint, now: () => Date.now() + 10_000 });
    await later.plan(step, {});
    await later.close();
    const trusted = open({ onFingerprint, now: () => Date.now() + 20_000 });
    expect((await trusted.plan(step, {})).run).toBe(false);
    expect(reads).toEqual([n, n, n, 0]);

    // A change is still seen through the fast path: size/mtime/ctime differ.
    await put(root, 'tree/f0007.txt', 'changed content');
    const changed = open({ onFingerprint, now: () => Date.now() + 30_000 });
    expect(await changed.plan(step, {})).toMatchObject({ run: true, reason: 'input-changed', changed: ['tree/f0007.txt'] });
    expect(reads.at(-1)).toBe(1);
  });
});
