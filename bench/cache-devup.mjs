// Cold vs warm `netra dev up --exit-when-ready` of a small stack with an
// `npm ci` setup step and a PGlite database with migrations (issue 6: warm
// must be at least 5× faster than cold), and warm vs the same stack with no
// setup step at all (the cache should cost next to nothing).
//   cold: no .netra, no node_modules: npm ci runs, PGlite initdb, migrations applied
//   warm: everything kept: the step is skipped by the cache, migrations skipped
// Usage: npm run build && node bench/cache-devup.mjs [runs=3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.argv[2] ?? 3);
// The demo backend's own runtime dependencies (pg, ws, zod), from the npm cache when it has them;
// BENCH_REAL_DEPS=0 installs only a local stub package (a cold npm ci that costs almost nothing).
// BENCH_REAL_DEPS=demo installs every runtime dependency of netra itself, as the demo stack's own `npm ci` would.
const ownDeps = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).dependencies;
const realDeps =
  process.env.BENCH_REAL_DEPS === '0' ? {} : process.env.BENCH_REAL_DEPS === 'demo' ? ownDeps : { pg: '^8.23.1', ws: '^8.23.0', zod: '^4.6.7' };
const bin = fileURLToPath(new URL('../bin/netra.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'netra-bench-devup-'));

function project(withSetup) {
  const dir = join(root, withSetup ? 'with-setup' : 'no-setup');
  mkdirSync(join(dir, 'dep'), { recursive: true });
  mkdirSync(join(dir, 'migrations'), { recursive: true });
  writeFileSync(join(dir, 'dep', 'package.json'), JSON.stringify({ name: 'dep', version: '1.0.0', main: 'index.js' }));
  writeFileSync(join(dir, 'dep', 'index.js'), 'module.exports = "installed";\n');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true, dependencies: { dep: 'file:./dep', ...realDeps } }),
  );
  writeFileSync(join(dir, 'migrations', '001_messages.sql'), 'CREATE TABLE messages (id serial PRIMARY KEY, body text);\n');
  writeFileSync(join(dir, 'migrations', '002_seed.sql'), "INSERT INTO messages (body) VALUES ('hello');\n");
  // The app needs what npm ci installs: a skipped step must still leave it working.
  writeFileSync(
    join(dir, 'app.mjs'),
    `import { createRequire } from 'node:module';
import { createServer } from 'node:http';
const dep = ${withSetup ? "createRequire(import.meta.url)('dep')" : "'none'"};
createServer((req, res) => res.end(dep)).listen(Number(process.env.PORT), '127.0.0.1');
`,
  );
  const setup = withSetup
    ? `setup: [{ name: 'deps', command: ['npm', 'ci', '--no-audit', '--no-fund', '--prefer-offline'], inputs: ['package-lock.json'] }],`
    : '';
  writeFileSync(
    join(dir, 'launcher.config.mjs'),
    `export default {
  ${setup}
  services: {
    db: { kind: 'pglite', port: 'auto', migrations: 'migrations' },
    app: { command: ['node', 'app.mjs'], port: 'auto', dependsOn: ['db'], ready: { http: 'http://127.0.0.1:\${PORT}/' } },
  },
};
`,
  );
  const lock = spawnSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
  if (lock.status !== 0) throw new Error(`npm install --package-lock-only failed: ${lock.stderr}`);
  return dir;
}

/** BENCH_EMPTY_NPM_CACHE=1: every cold npm ci starts from an empty npm cache, as on a fresh machine. */
function npmCacheEnv() {
  if (process.env.BENCH_EMPTY_NPM_CACHE !== '1') return {};
  return { npm_config_cache: mkdtempSync(join(root, 'npm-cache-')) };
}

function devUp(dir) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, 'dev', 'up', '--exit-when-ready', '--no-watch'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', ...npmCacheEnv() },
    timeout: 180_000,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`dev up exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const withSetup = project(true);
const noSetup = project(false);
const cold = [];
const warm = [];
const baseline = [];
for (let i = 0; i < RUNS; i++) {
  rmSync(join(withSetup, '.netra'), { recursive: true, force: true });
  rmSync(join(withSetup, 'node_modules'), { recursive: true, force: true });
  cold.push(devUp(withSetup));
  warm.push(devUp(withSetup));
  if (i === 0) devUp(noSetup); // its PGlite initdb, once
  baseline.push(devUp(noSetup));
}
const c = median(cold);
const w = median(warm);
const b = median(baseline);
console.log(`dev up --exit-when-ready (npm ci of ${Object.keys(realDeps).length ? Object.keys(realDeps).join(', ') : 'a stub'} + PGlite + 2 migrations), median of ${RUNS} runs`);
console.log(`  cold ${c.toFixed(0)} ms   warm ${w.toFixed(0)} ms   warm is ${(c / w).toFixed(1)}× faster (goal ≥ 5×)`);
console.log(`  warm with the cached step ${w.toFixed(0)} ms vs the same stack without setup steps ${b.toFixed(0)} ms: ratio ${(w / b).toFixed(2)}`);
rmSync(root, { recursive: true, force: true });
