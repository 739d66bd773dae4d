// CPU time of the launcher process for a flood (issue 2, goal 2: the per-line hot path of `dev up`).
//   npm run build && node bench/logs-hot-path.mjs
// Wall time on a shared machine mostly measures the neighbours; the launcher's own CPU time
// (user + system, its libuv threads included) does not. Each run starts the launcher with a
// preloaded module that records process.cpuUsage() at exit; netra and concurrently runs are
// interleaved so load hits both. A 1-line run of each gives the start-up cost, so
//   per-line CPU = flood CPU − start-up CPU.
// Env: BENCH_RUNS (default 5), BENCH_LINES (default 2000000), BENCH_CONTENT (plain | json, default plain),
//      BENCH_NETRA_BIN (another build's bin/netra.js, for before/after comparisons).
// Prints medians, ratios netra / concurrently, and the load average; writes bench/results/logs-hot-path.json.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);
const lines = Number(process.env.BENCH_LINES ?? 2_000_000);
const content = process.env.BENCH_CONTENT ?? 'plain';
const netraBin = process.env.BENCH_NETRA_BIN ?? join(here, '..', 'bin', 'netra.js');
const concurrentlyBin = join(here, 'node_modules', 'concurrently', 'dist', 'bin', 'concurrently.js');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const work = mkdtempSync(join(tmpdir(), 'netra-bench-hot-'));
const preload = join(work, 'cpu-at-exit.mjs');
writeFileSync(
  preload,
  `import { appendFileSync } from 'node:fs';
process.on('exit', () => {
  const cpu = process.cpuUsage();
  if (process.env.BENCH_CPU_OUT && process.argv[1] === process.env.BENCH_CPU_OF) appendFileSync(process.env.BENCH_CPU_OUT, (cpu.user + cpu.system) / 1000 + '\\n');
});
`,
);
// The generator: BENCH_LINES lines in big writes, as tests/fixtures/services/print-n-lines.mjs, or pino-like JSON.
const generator = join(work, 'gen.mjs');
writeFileSync(
  generator,
  `const count = Number(process.argv[2]);
const json = process.argv[3] === 'json';
let seq = 1;
function pump() {
  while (seq <= count) {
    let chunk = '';
    for (let n = 0; n < 1000 && seq <= count; n += 1, seq += 1) {
      chunk += json ? '{"level":30,"time":1764143295123,"pid":4242,"reqId":"req-' + seq + '","msg":"request completed"}\\n' : 'g ' + seq + ' g-g-g-g-g-g-g-g-\\n';
    }
    if (!process.stdout.write(chunk)) return void process.stdout.once('drain', pump);
  }
}
pump();
`,
);

async function cpuOf(tool, count) {
  const dir = mkdtempSync(join(work, `${tool}-`));
  const argv = [process.execPath, generator, String(count), content];
  writeFileSync(join(dir, 'launcher.config.ts'), `import { defineConfig } from 'netra';\nexport default defineConfig(${JSON.stringify({ services: { gen: { command: argv } } })});\n`);
  const out = join(dir, 'cpu.txt');
  const script = tool === 'netra' ? netraBin : concurrentlyBin;
  const args = tool === 'netra' ? [script, 'dev', 'up'] : [script, '--names', 'gen', argv.join(' ')];
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NODE_OPTIONS: `--import=${preload}`, BENCH_CPU_OUT: out, BENCH_CPU_OF: script };
  delete env.CI;
  const stdout = openSync(join(dir, 'stdout.txt'), 'w');
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', stdout, 'ignore'] });
  closeSync(stdout);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const cpu = Number(readFileSync(out, 'utf8').trim());
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`${tool} exited with ${code}`);
  return cpu;
}

const tools = ['netra', 'concurrently'];
const samples = { startup: { netra: [], concurrently: [] }, flood: { netra: [], concurrently: [] } };
const loads = [];
try {
  for (let i = 0; i < runs; i += 1) {
    for (const tool of tools) {
      samples.startup[tool].push(await cpuOf(tool, 1));
      samples.flood[tool].push(await cpuOf(tool, lines));
    }
    loads.push(load());
    process.stderr.write(`run ${i + 1}: ${tools.map((t) => `${t} ${Math.round(samples.flood[t].at(-1))} ms`).join(', ')} (load ${loads.at(-1)})\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const result = { lines, content, runs, node: process.version, date: new Date().toISOString(), loads, samples, medians: {} };
const rows = [];
for (const [key, label] of [['startup', 'start-up (1 line)'], ['flood', `flood (${lines} lines)`], ['perLine', 'per-line part (flood − start-up)']]) {
  const m = Object.fromEntries(
    tools.map((t) => [t, key === 'perLine' ? median(samples.flood[t]) - median(samples.startup[t]) : median(samples[key][t])]),
  );
  result.medians[key] = m;
  rows.push([label, Math.round(m.netra), Math.round(m.concurrently), (m.netra / m.concurrently).toFixed(2)]);
}
console.log(`\nlauncher CPU time (user+sys, ms), ${content} lines, medians of ${runs} runs (node ${process.version}); load ${loads.join(' | ')}`);
console.log(['measure'.padEnd(36), 'netra'.padStart(7), 'concurrently'.padStart(13), 'netra/conc.'.padStart(12)].join(' '));
for (const [label, n, c, r] of rows) console.log([label.padEnd(36), String(n).padStart(7), String(c).padStart(13), `${r}x`.padStart(12)].join(' '));
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'logs-hot-path.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('\nwritten: bench/results/logs-hot-path.json');
