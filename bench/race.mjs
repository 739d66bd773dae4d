// Race-condition module benchmarks, side by side with the tools a developer
// would otherwise reach for. Run after `npm run build`:  node bench/race.mjs
//
// 1. Who holds port N?  netra checkPort (3 bind tests + /proc) vs `lsof` vs `ss -p`.
// 2. 50 files saved in a burst: restarts triggered by netra watchPaths vs a plain
//    chokidar 'all' listener (what a naive launcher restarts on), and the delay
//    from the last write to netra's single onChange.
// 3. allocatePort (bind 0 + free on 127.0.0.1/::1/0.0.0.0 + never twice) vs a bare bind(0).
// 4. .netra/lock acquire + release cycle.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { watch as chokidarWatch } from 'chokidar';
import { acquireLock, allocatePort, checkPort, watchPaths } from '../dist/race/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
async function time(fn, runs = RUNS) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}
const ms = (value) => `${value.toFixed(2)} ms`;
const has = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

async function benchPortHolder() {
  const holder = spawn(process.execPath, ['-e', "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(this.address().port)})"], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = await once(holder.stdout, 'data');
  const port = Number(String(chunk).trim());
  try {
    const check = await checkPort(port);
    if (check.free || check.holder?.pid !== holder.pid) throw new Error(`netra did not name the holder: ${JSON.stringify(check)}`);
    const netra = await time(() => checkPort(port));
    console.log(`\n1. who holds port ${port} (a foreign node process), median of ${RUNS}`);
    console.log(`   netra checkPort (binds + /proc):   ${ms(netra)}   names pid ${check.holder.pid}`);
    for (const [name, file, args] of [
      ['lsof -nP -iTCP -sTCP:LISTEN', 'lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN']],
      ['ss -ltnpH sport', 'ss', ['-ltnpH', `sport = :${port}`]],
    ]) {
      if (!has(file)) {
        console.log(`   ${name.padEnd(33)}  (not installed)`);
        continue;
      }
      const peer = await time(() => {
        try {
          execFileSync(file, args, { stdio: 'pipe' });
        } catch {}
      });
      console.log(`   ${name.padEnd(33)}  ${ms(peer)}   netra/peer = ${(netra / peer).toFixed(2)}`);
    }
  } finally {
    holder.kill('SIGKILL');
    await once(holder, 'exit');
  }
}

async function benchWatchBurst() {
  const rounds = Math.min(RUNS, 5);
  const netraCalls = [];
  const chokidarEvents = [];
  const delays = [];
  for (let round = 0; round < rounds; round += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'netra-bench-watch-'));
    mkdirSync(join(dir, 'src'));
    let calls = 0;
    let lastWrite = 0;
    let resolveFirst;
    const first = new Promise((resolve) => (resolveFirst = resolve));
    const watcher = await watchPaths({
      cwd: dir,
      paths: ['src/**'],
      debounceMs: 200,
      onChange: (files) => {
        calls += 1;
        if (files.length === 50) resolveFirst(performance.now() - lastWrite);
      },
    });
    let events = 0;
    const naive = chokidarWatch(join(dir, 'src'), { ignoreInitial: true });
    naive.on('all', () => (events += 1));
    await once(naive, 'ready');
    for (let i = 0; i < 50; i += 1) writeFileSync(join(dir, 'src', `f${i}.ts`), String(i));
    lastWrite = performance.now();
    delays.push(await first);
    // Let the naive watcher's stragglers arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    netraCalls.push(calls);
    chokidarEvents.push(events);
    await watcher.close();
    await naive.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n2. 50 files written in a burst, ${rounds} rounds`);
  console.log(`   restarts: netra watchPaths ${median(netraCalls)} (median), plain chokidar listener ${median(chokidarEvents)} events`);
  console.log(`   netra: last write → one onChange with all 50 files: ${ms(median(delays))} (debounce 200 ms)`);
}

async function benchAllocate() {
  const bare = await time(
    () =>
      new Promise((resolve) => {
        const server = createServer();
        server.listen(0, '127.0.0.1', () => server.close(resolve));
      }),
    RUNS * 4,
  );
  const netra = await time(() => allocatePort(), RUNS * 4);
  console.log(`\n3. a free port, median of ${RUNS * 4}`);
  console.log(`   bare bind(0)+close: ${ms(bare)}; netra allocatePort: ${ms(netra)} (ratio ${(netra / bare).toFixed(1)}, checks 3 addresses, never repeats)`);
}

async function benchLock() {
  const dir = mkdtempSync(join(tmpdir(), 'netra-bench-lock-'));
  try {
    const cycle = await time(async () => {
      const handle = await acquireLock(join(dir, '.netra'));
      await handle.release();
    }, RUNS * 4);
    console.log(`\n4. .netra/lock acquire + release: ${ms(cycle)} (median of ${RUNS * 4})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`netra race benchmarks on Node ${process.version}, ${process.platform}`);
await benchPortHolder();
await benchWatchBurst();
await benchAllocate();
await benchLock();
