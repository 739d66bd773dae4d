// The log hub's hot path (issue 2, bench 2, log side): one child printing 2,000,000 lines.
//   npm run build && node bench/logs-hub.mjs
// Compares, as medians of BENCH_RUNS (default 3) runs, with /usr/bin/time for wall time and peak RSS:
//   base        the generator writing straight to a file (its own cost)
//   netra hub   the generator piped through LineSplitter + createLogHub (terminal → /dev/null,
//               JSONL file with rotation, ring buffer, backpressure) — what `dev up` does per line
//   concurrently  `concurrently --raw=false` running the same generator, stdout → /dev/null
// Overhead = wall − base. Env: BENCH_LINES (default 2000000).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lines = Number(process.env.BENCH_LINES ?? 2_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const generator = fileURLToPath(new URL('../tests/fixtures/logs/print-lines.mjs', import.meta.url));

if (process.argv[2] === '--hub') {
  // Child mode: run the generator through a real hub, then check the file is complete.
  const { spawn } = await import('node:child_process');
  const { LineSplitter, createLogHub } = await import(new URL('../dist/logs/index.js', import.meta.url).href);
  const dir = process.argv[3];
  const hub = createLogHub({ logDir: join(dir, 'logs'), services: ['gen'], stdout: createWriteStream('/dev/null'), stderr: process.stderr, color: false });
  const child = spawn(process.execPath, [generator, String(lines), 'gen'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const splitter = new LineSplitter();
  child.stdout.on('data', (chunk) => {
    hub.writeLines('gen', 'stdout', splitter.push(chunk));
    if (hub.congested) {
      child.stdout.pause();
      const off = hub.onDrain(() => (off(), child.stdout.resume()));
    }
  });
  await new Promise((resolve) => child.stdout.once('end', resolve));
  hub.writeLines('gen', 'stdout', splitter.end());
  await hub.close();
  process.stdout.write(String(hub.tail('gen', 1)[0]?.seq ?? 0));
  process.exit(0);
}

function timed(args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 20, ...options });
  const [seconds, kib] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, rssMb: kib / 1024, stdout: result.stdout };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'netra-bench-hub-'));
const concurrently = fileURLToPath(new URL('./node_modules/.bin/concurrently', import.meta.url));
try {
  const base = [];
  const hub = [];
  const peer = [];
  for (let i = 0; i < runs; i += 1) {
    base.push(timed(['sh', '-c', `node ${generator} ${lines} gen > ${join(dir, 'base.txt')}`]));
    rmSync(join(dir, 'logs'), { recursive: true, force: true });
    const h = timed([process.execPath, fileURLToPath(import.meta.url), '--hub', dir]);
    if (Number(h.stdout) !== lines) console.log(`WARNING: the hub saw ${h.stdout} lines, not ${lines}`);
    hub.push(h);
    peer.push(timed(['sh', '-c', `${concurrently} "node ${generator} ${lines} gen" > /dev/null`]));
  }
  const b = median(base.map((r) => r.seconds));
  const report = (name, list) => {
    const wall = median(list.map((r) => r.seconds));
    console.log(`${name.padEnd(13)} wall ${wall.toFixed(2)} s  overhead ${(wall - b).toFixed(2)} s  peak RSS ${median(list.map((r) => r.rssMb)).toFixed(0)} MB`);
    return wall - b;
  };
  console.log(`${lines} lines, ${runs} runs, medians; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`base          wall ${b.toFixed(2)} s (generator → file)`);
  const ours = report('netra hub', hub);
  const theirs = report('concurrently', peer);
  console.log(`overhead ratio netra/concurrently: ${(ours / theirs).toFixed(2)}x (the hub also writes the JSONL file)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
