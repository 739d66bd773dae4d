// Benchmarks of `netra dev up` (issue 2), side by side with concurrently@9 in one run.
//   npm run build && node bench/dev-up.mjs
// Env: BENCH_RUNS (runs per measure, default 5), BENCH_LINES (lines of the flood, default 2000000),
//      BENCH_ONLY (comma-separated subset of help,ready,flood,slow,signals; default all).
// Medians of the runs; ratios are netra / concurrently (below 1: netra is better).
// (1), (2) and (4) also run bench/floor-launcher.mjs, the least any Node launcher can do (spawn and
// prefix, nothing else): its ratio to concurrently shows how far the goals can be reached at all.
// Prints a table and writes bench/results/dev-up.json.
//
// (1) start → the 3 services' ready lines seen on the launcher's stdout
// (2) one service printing BENCH_LINES lines: wall time, lines lost or torn (the launcher's
//     stdout captured to a file and its sequence checked), peak RSS of the launcher
//     (VmHWM polled in /proc), and the generator's own time writing straight to a file,
//     so overhead = launcher time − generator time
// (3) SIGINT / SIGTERM / SIGKILL of the launcher running a stack whose service has a
//     grandchild in its group and a detached (setsid) one: time to exit, and processes
//     carrying the run's env marker still alive 2 s later
// (4) `--help` cold start
// (5) a slow reader: the flood again, but nobody reads the launcher's stdout pipe for
//     BENCH_STALL_MS (default 3000) — peak RSS of the launcher shows whether it buffers
//     without bound or pushes back on the child
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findPidsWithEnv, isProcessAlive } from '../dist/shared/proc-info.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const netraBin = join(here, '..', 'bin', 'netra.js');
const concurrentlyBin = join(here, 'node_modules', 'concurrently', 'dist', 'bin', 'concurrently.js');
const floorBin = join(here, 'floor-launcher.mjs');
const fixtures = join(here, '..', 'tests', 'fixtures', 'services');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const floodLines = Number(process.env.BENCH_LINES ?? 2_000_000);
const MARKER = 'NETRA_BENCH_MARKER';
const stallMs = Number(process.env.BENCH_STALL_MS ?? 3_000);
const only = new Set((process.env.BENCH_ONLY ?? 'help,ready,flood,slow,signals').split(',').map((part) => part.trim()));
const node = process.execPath;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
};
const now = () => performance.now();
const fixture = (name, ...args) => [node, join(fixtures, name), ...args.map(String)];
// concurrently strips quotes wrapping a whole command, so the first word (node's path) stays bare.
const shellQuote = (argv) =>
  argv.map((part) => (/^[\w/.,:=@+-]+$/.test(part) ? part : `"${part.replace(/["\\$`]/g, '\\$&')}"`)).join(' ');

function env(marker) {
  const result = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', [MARKER]: marker };
  delete result.CI;
  return result;
}

/**
 * A temp project whose launcher.config.ts runs these argv commands as services (with ready probes).
 * One project per stack, reused by every run of it, as a developer reruns `dev up` in the same
 * project: netra's first run there validates the config and caches it (.netra/config-cache), the
 * later ones start warm. Each measure does one unmeasured warm-up run per launcher.
 */
const projects = new Map();
function netraProject(services) {
  const config = `import { defineConfig } from 'netra';\nexport default defineConfig(${JSON.stringify({ services }, null, 2)});\n`;
  let dir = projects.get(config);
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'netra-bench-devup-'));
    writeFileSync(join(dir, 'launcher.config.ts'), config);
    projects.set(config, dir);
  }
  return dir;
}
/** The unmeasured first run of a stack in its project (`dev up --exit-when-ready`). */
async function warmNetra(services) {
  const marker = randomUUID();
  const { child, cleanup } = launchers.netra.start(services, { marker, stdout: 'ignore' });
  child.stderr.resume();
  await exited(child);
  killMarked(marker);
  cleanup();
}
const removeProjects = () => {
  for (const dir of projects.values()) rmSync(dir, { recursive: true, force: true });
};

/** The two launchers, each given the same named argv commands. */
const launchers = {
  netra: {
    start(services, { marker, stdout = 'pipe' }) {
      const dir = netraProject(
        Object.fromEntries(services.map((s) => [s.name, { command: s.argv, ...(s.ready ? { ready: { log: s.ready } } : {}), stop: { grace: 5_000 } }])),
      );
      const child = spawn(node, [netraBin, 'dev', 'up', ...(stdout === 'ignore' ? ['--exit-when-ready'] : [])], { cwd: dir, env: env(marker), stdio: ['ignore', stdout, 'pipe'] });
      // The project stays for the next run (removed at the end); only its logs go.
      return { child, cleanup: () => rmSync(join(dir, '.netra', 'logs'), { recursive: true, force: true }) };
    },
  },
  concurrently: {
    start(services, { marker, stdout = 'pipe' }) {
      const args = ['--names', services.map((s) => s.name).join(','), ...services.map((s) => shellQuote(s.argv))];
      const child = spawn(node, [concurrentlyBin, ...args], { env: env(marker), stdio: ['ignore', stdout, 'pipe'] });
      return { child, cleanup: () => undefined };
    },
  },
  floor: {
    start(services, { marker, stdout = 'pipe' }) {
      const args = services.map((s) => JSON.stringify([s.name, ...s.argv]));
      const child = spawn(node, [floorBin, ...args], { env: env(marker), stdio: ['ignore', stdout, 'pipe'] });
      return { child, cleanup: () => undefined };
    },
  },
};

function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Resolves when every pattern has matched a line of the stream. */
function waitForLines(stream, patterns, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const left = new Set(patterns);
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${[...left].join(', ')}`)), timeoutMs);
    const onData = (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) for (const pattern of left) if (pattern.test(line)) left.delete(pattern);
      if (left.size === 0) {
        clearTimeout(timer);
        stream.off('data', onData);
        stream.resume();
        resolve();
      }
    };
    stream.setEncoding('utf8');
    stream.on('data', onData);
  });
}

function liveMarked(marker) {
  return findPidsWithEnv(MARKER, marker).filter((pid) => pid !== process.pid && isProcessAlive(pid));
}

function killMarked(marker) {
  for (const pid of liveMarked(marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- (1) time to all ready lines ----------
const readyStack = [1, 2, 3].map((i) => ({ name: `s${i}`, argv: fixture('print-ready-then-hang.mjs', `s${i} ready`), ready: `^s${i} ready$` }));

async function timeToReady(tool) {
  const marker = randomUUID();
  const started = now();
  const run = launchers[tool].start(readyStack, { marker });
  run.child.stderr.resume();
  try {
    await waitForLines(run.child.stdout, readyStack.map((s) => new RegExp(`${s.name}.*${s.name} ready$`)));
    return now() - started;
  } finally {
    run.child.kill('SIGTERM');
    await exited(run.child);
    killMarked(marker);
    run.cleanup();
  }
}

// ---------- (2) the flood ----------
const padding = 'g-'.repeat(8);

async function generatorAlone(outFile) {
  const fd = openSync(outFile, 'w');
  const started = now();
  const child = spawn(node, [join(fixtures, 'print-n-lines.mjs'), floodLines, 'g'], { stdio: ['ignore', fd, 'inherit'] });
  await exited(child);
  closeSync(fd);
  return now() - started;
}

/** Counts lines of the flood in a launcher's captured stdout; lost = missing, torn = malformed or out of order. */
async function verifyFlood(outFile) {
  const lines = createInterface({ input: createReadStream(outFile, 'utf8'), crlfDelay: Infinity });
  let expected = 1;
  let seen = 0;
  let torn = 0;
  let outOfOrder = 0;
  for await (const line of lines) {
    // `gen | ` (netra) or `[gen] ` (concurrently); other lines (the launcher's own) are not the flood's.
    const body = line.replace(/^(?:\[gen\] |gen\s*\| )/, ''); // netra, concurrently and the floor launcher
    if (!body.startsWith('g ') || body === 'g done') continue;
    const match = /^g (\d+) (.*)$/.exec(body);
    if (!match || match[2] !== padding) {
      torn += 1;
      continue;
    }
    const seq = Number(match[1]);
    seen += 1;
    if (seq !== expected) outOfOrder += 1;
    expected = seq + 1;
  }
  return { seen, lost: floodLines - seen, torn, outOfOrder };
}

async function flood(tool, outFile) {
  const marker = randomUUID();
  const fd = openSync(outFile, 'w');
  const started = now();
  const run = launchers[tool].start([{ name: 'gen', argv: fixture('print-n-lines.mjs', floodLines, 'g') }], { marker, stdout: fd });
  closeSync(fd);
  run.child.stderr.resume();
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${run.child.pid}/status`, 'utf8');
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (hwm > peakKb) peakKb = hwm;
    } catch {
      // exited
    }
  }, 20);
  const exit = await exited(run.child);
  const wall = now() - started;
  clearInterval(poll);
  killMarked(marker);
  run.cleanup();
  return { wall, peakRssMb: peakKb / 1024, exit, ...(await verifyFlood(outFile)) };
}

// ---------- (5) slow reader ----------
async function slowReader(tool) {
  const marker = randomUUID();
  const run = launchers[tool].start([{ name: 'gen', argv: fixture('print-n-lines.mjs', floodLines, 'g') }], { marker });
  run.child.stderr.resume();
  run.child.stdout.pause();
  // A launcher may exit (and its pipes close) during the stall: listen from the start.
  const closed = new Promise((resolve) => run.child.once('close', resolve));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${run.child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // exited
    }
  }, 20);
  await delay(stallMs);
  let lines = 0;
  run.child.stdout.on('data', (chunk) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
  });
  run.child.stdout.resume();
  await exited(run.child);
  await closed;
  clearInterval(poll);
  killMarked(marker);
  run.cleanup();
  return { peakRssMb: peakKb / 1024, lines };
}

// ---------- (3) signals ----------
const signalStack = [
  { name: 'api', argv: fixture('print-ready-then-hang.mjs', 'api ready'), ready: '^api ready$' },
  { name: 'tree', argv: fixture('spawn-grandchildren.mjs'), ready: '^grandchildren ready$' },
  { name: 'worker', argv: fixture('print-ready-then-hang.mjs', 'worker ready'), ready: '^worker ready$' },
];

async function signalRun(tool, signal) {
  const marker = randomUUID();
  const run = launchers[tool].start(signalStack, { marker });
  run.child.stderr.resume();
  try {
    await waitForLines(run.child.stdout, [/api ready$/, /grandchildren ready$/, /worker ready$/]);
    const processes = liveMarked(marker).length;
    const sent = now();
    run.child.kill(signal);
    const exit = await exited(run.child);
    const toExit = now() - sent;
    await delay(2_000);
    const left = liveMarked(marker).length;
    return { toExit, left, processes, exit };
  } finally {
    killMarked(marker);
    run.cleanup();
  }
}

// ---------- (4) --help ----------
async function help(tool) {
  const argv = [{ netra: netraBin, concurrently: concurrentlyBin, floor: floorBin }[tool], '--help'];
  const started = now();
  const child = spawn(node, argv, { stdio: ['ignore', 'ignore', 'ignore'] });
  await exited(child);
  return now() - started;
}

// ---------- main ----------
const tools = ['netra', 'concurrently'];
const withFloor = [...tools, 'floor'];
const results = { runs, floodLines, node: process.version, date: new Date().toISOString(), measures: {} };
const rows = [];
const record = (key, label, unit, values, better = 'lower') => {
  const medians = Object.fromEntries(Object.keys(values).map((t) => [t, median(values[t])]));
  results.measures[key] = { label, unit, samples: values, median: medians, ratio: medians.netra / medians.concurrently, better };
  if (medians.floor !== undefined) results.measures[key].floorRatio = medians.floor / medians.concurrently;
  rows.push([label, unit, medians.netra, medians.concurrently, medians.floor]);
};

const progress = (message) => process.stderr.write(`${message}\n`);

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'netra-bench-out-'));
  try {
    // Warm the file cache once per tool; not measured.
    for (const tool of withFloor) await help(tool);

    if (only.has('help')) {
      progress('(4) --help cold start');
      const helpTimes = { netra: [], concurrently: [], floor: [] };
      for (let i = 0; i < runs; i += 1) for (const tool of withFloor) helpTimes[tool].push(await help(tool));
      record('help', '--help cold start', 'ms', helpTimes);
    }

    if (only.has('ready')) {
      progress('(1) time to the 3 ready lines');
      const ready = { netra: [], concurrently: [], floor: [] };
      await warmNetra(readyStack);
      for (let i = 0; i < runs; i += 1) for (const tool of withFloor) ready[tool].push(await timeToReady(tool));
      record('ready', 'start → 3 ready lines', 'ms', ready);
    }

    if (only.has('flood')) await floodMeasures(work);
    if (only.has('slow')) {
      progress(`(5) slow reader: stdout not read for ${stallMs} ms during a flood of ${floodLines} lines`);
      const slow = { netra: [], concurrently: [] };
      for (let i = 0; i < runs; i += 1) {
        for (const tool of tools) {
          const result = await slowReader(tool);
          slow[tool].push(result);
          progress(`  ${tool}: peak RSS ${result.peakRssMb.toFixed(0)} MB, ${result.lines} stdout lines`);
        }
      }
      record('slowRss', `slow reader (${stallMs} ms stall): peak RSS`, 'MB', mapTools(slow, (r) => r.peakRssMb));
      record('slowLost', 'slow reader: flood lines lost (worst run)', 'lines', mapTools(slow, (r) => Math.max(0, floodLines + 1 - r.lines)), 'zero');
      results.measures.slowLost.median = Object.fromEntries(tools.map((t) => [t, Math.max(...slow[t].map((r) => Math.max(0, floodLines + 1 - r.lines)))]));
      rows.at(-1).splice(2, 2, results.measures.slowLost.median.netra, results.measures.slowLost.median.concurrently);
    }
    if (only.has('signals')) await signalMeasures();
  } finally {
    rmSync(work, { recursive: true, force: true });
    removeProjects();
  }
  printTable();
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'dev-up.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: bench/results/dev-up.json`);
}

async function floodMeasures(work) {
  progress(`(2) flood of ${floodLines} lines`);
  const out = join(work, 'out.txt');
  const gen = [];
  const floods = { netra: [], concurrently: [], floor: [] };
  await warmNetra([{ name: 'gen', argv: fixture('print-n-lines.mjs', floodLines, 'g') }]);
  for (let i = 0; i < runs; i += 1) {
    gen.push(await generatorAlone(out));
    for (const tool of withFloor) {
      const result = await flood(tool, out);
      floods[tool].push(result);
      progress(`  ${tool}: ${Math.round(result.wall)} ms, lost ${result.lost}, torn ${result.torn}, out of order ${result.outOfOrder}, peak RSS ${result.peakRssMb.toFixed(0)} MB, exit ${result.exit.code}`);
    }
  }
  const generatorMs = median(gen);
  results.generatorMs = { samples: gen, median: generatorMs };
  record('floodWall', `flood wall time (generator alone ${Math.round(generatorMs)} ms)`, 'ms', mapTools(floods, (r) => r.wall));
  record('floodOverhead', 'flood overhead (wall − generator)', 'ms', mapTools(floods, (r) => r.wall - generatorMs));
  record('floodLost', 'flood lines lost (worst run)', 'lines', mapTools(floods, (r) => r.lost), 'zero');
  worstOf('floodLost', floods, (r) => r.lost);
  record('floodTorn', 'flood lines torn/out of order (worst run)', 'lines', mapTools(floods, (r) => r.torn + r.outOfOrder), 'zero');
  worstOf('floodTorn', floods, (r) => r.torn + r.outOfOrder);
  record('floodRss', 'flood peak RSS of the launcher', 'MB', mapTools(floods, (r) => r.peakRssMb));
}

async function signalMeasures() {
  await warmNetra(signalStack);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL']) {
    progress(`(3) ${signal}`);
    const signals = { netra: [], concurrently: [] };
    for (let i = 0; i < runs; i += 1) for (const tool of tools) signals[tool].push(await signalRun(tool, signal));
    record(`${signal}Exit`, `${signal}: time to exit`, 'ms', mapTools(signals, (r) => r.toExit));
    record(`${signal}Left`, `${signal}: processes alive 2 s later (worst run)`, 'procs', mapTools(signals, (r) => r.left), 'zero');
    results.measures[`${signal}Left`].median = Object.fromEntries(tools.map((t) => [t, Math.max(...signals[t].map((r) => r.left))]));
    rows.at(-1).splice(2, 2, results.measures[`${signal}Left`].median.netra, results.measures[`${signal}Left`].median.concurrently);
    results.measures[`${signal}Exit`].exitCodes = mapTools(signals, (r) => r.exit.code ?? r.exit.signal);
  }
}

/** For zero-goal measures the worst run is reported, not the median (the row just recorded). */
function worstOf(key, values, fn) {
  const worst = Object.fromEntries(Object.keys(values).map((t) => [t, Math.max(...values[t].map(fn))]));
  results.measures[key].median = worst;
  rows.at(-1).splice(2, 3, worst.netra, worst.concurrently, worst.floor);
}

function mapTools(values, fn) {
  return Object.fromEntries(Object.keys(values).map((t) => [t, values[t].map(fn)]));
}

function printTable() {
  const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 0));
  const ratio = (x, c) => (x === undefined ? '' : c === 0 ? (x === 0 ? '=' : '∞') : `${(x / c).toFixed(2)}x`);
  const table = rows.map(([label, unit, n, c, f]) => [label, unit, fmt(n), fmt(c), ratio(n, c), f === undefined ? '' : fmt(f), ratio(f, c)]);
  const head = ['measure', 'unit', 'netra', 'concurrently', 'netra/conc.', 'floor', 'floor/conc.'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(`\nnetra dev up vs concurrently — medians of ${runs} runs (node ${process.version})`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
}

await main();
