// Input hashing of a generated 50,000-file tree, cold and warm, netra's cache
// manager vs git as the reference:
//   cold: netra with an empty stat cache     vs  git hash-object --stdin-paths (every file read and hashed)
//   warm: netra with its stat cache           vs  git update-index --refresh && git ls-files -s (stat check of the index)
// Medians of RUNS runs, reported as ratios (netra / git: below 1 means netra is faster).
// Usage: npm run build && node bench/cache.mjs [files=50000] [runs=5]   (then runs bench/cache-devup.mjs;
//        BENCH_CACHE_HASHING_ONLY=1 skips it)
// The OS page cache is warm for both tools in every run: "cold" means cold for the tool, not for the disk.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const { createCacheManager } = await import(new URL('../dist/cache/index.js', import.meta.url).href);

const FILES = Number(process.argv[2] ?? 50_000);
const RUNS = Number(process.argv[3] ?? 5);
const root = mkdtempSync(join(tmpdir(), 'netra-bench-cache-'));

function generate() {
  // 100 folders × 10 subfolders, file sizes from 100 B to ~8 KB, a few 1 MB files.
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, 'src', `d${i % 100}`, `s${Math.floor(i / 100) % 10}`);
    if (i < 1000) mkdirSync(dir, { recursive: true });
    const size = i % 997 === 0 ? 1 << 20 : 100 + ((i * 7919) % 8000);
    writeFileSync(join(dir, `f${i}.txt`), Buffer.alloc(size, `file ${i} `));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const git = (args, input) =>
  spawnSync('git', args, { cwd: root, input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'inherit'] });

async function netraRun(stateDir) {
  const manager = createCacheManager({ root, stateDir });
  const step = { name: 'tree', command: 'true', inputs: ['src/**'] };
  const t0 = performance.now();
  const decision = await manager.plan(step, {});
  const ms = performance.now() - t0;
  await manager.recordSuccess(step, decision.key);
  await manager.close();
  return ms;
}

console.error(`generating ${FILES} files in ${root} …`);
generate();
execFileSync('git', ['init', '-q'], { cwd: root });
execFileSync('git', ['add', '-A'], { cwd: root });
const list = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 }).split('\0').filter(Boolean);
// Past the racy window (2 s), so that warm runs may trust the stat cache, as git trusts its index.
await sleep(2_500);

const results = { netraCold: [], netraWarm: [], gitCold: [], gitWarm: [] };
for (let r = 0; r < RUNS; r++) {
  const state = join(root, '.netra');
  rmSync(state, { recursive: true, force: true });
  results.netraCold.push(await netraRun(state));
  results.netraWarm.push(await netraRun(state));

  let t0 = performance.now();
  git(['hash-object', '--stdin-paths'], `${list.join('\n')}\n`);
  results.gitCold.push(performance.now() - t0);
  t0 = performance.now();
  git(['update-index', '--refresh', '-q']);
  git(['ls-files', '-s']);
  results.gitWarm.push(performance.now() - t0);
}

const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const fmt = (ms) => `${ms.toFixed(0)} ms`;
console.log(`input hashing, ${list.length} files, median of ${RUNS} runs`);
console.log(`  cold  netra ${fmt(m.netraCold)}   git hash-object --stdin-paths ${fmt(m.gitCold)}   ratio ${(m.netraCold / m.gitCold).toFixed(2)}`);
console.log(`  warm  netra ${fmt(m.netraWarm)}   git update-index --refresh + ls-files -s ${fmt(m.gitWarm)}   ratio ${(m.netraWarm / m.gitWarm).toFixed(2)}`);
console.log(`  netra warm vs cold: ${(m.netraCold / m.netraWarm).toFixed(1)}× faster`);
rmSync(root, { recursive: true, force: true });

// The dev up side of issue 6 (cold vs warm with an npm ci step and migrations).
if (!process.env['BENCH_CACHE_HASHING_ONLY']) {
  console.log('');
  const devup = spawnSync(process.execPath, [new URL('./cache-devup.mjs', import.meta.url).pathname], { stdio: 'inherit' });
  if (devup.status !== 0) process.exitCode = 1;
}
