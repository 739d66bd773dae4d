// Benchmarks of `netra logs` (issue 4), side by side with tail + grep.
//   npm run build && node bench/logs.mjs
// Env: BENCH_ONLY=follow (skip the tail part), BENCH_LOG_MB (size of the generated log folder, default 1024), BENCH_RUNS (default 3),
//      BENCH_FOLLOW_RATE (lines/s of the follow writer, default 200000), BENCH_FOLLOW_SECONDS (default 5),
//      BENCH_FOLLOW_PEER=1 (also run `tail -F` on the followed file: its lag is the writer's share),
//      BENCH_TIMELINE=1 (worst lag per 100 ms: a start-up backlog vs a steady one).
// Prints medians and ratios; the generated folder lives in a temp dir removed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/netra.js', import.meta.url));
const totalMb = Number(process.env.BENCH_LOG_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const followRate = Number(process.env.BENCH_FOLLOW_RATE ?? 200_000);
const followSeconds = Number(process.env.BENCH_FOLLOW_SECONDS ?? 5);
const services = ['api', 'worker', 'gateway', 'db'];
const fileBytes = 10 * 1024 * 1024;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 2) => n.toFixed(digits);

/** Writes `<service>.log.N … .log.1, .log` with realistic lines, ~totalMb in all; one ERROR in ~1000 lines. */
function generate(root) {
  const logDir = join(root, '.netra', 'logs');
  mkdirSync(logDir, { recursive: true });
  const perService = (totalMb * 1024 * 1024) / services.length;
  const rotated = Math.ceil(perService / fileBytes) - 1;
  let ts = Date.UTC(2026, 0, 1);
  const seqs = Object.fromEntries(services.map((s) => [s, 0]));
  for (let f = rotated; f >= 0; f -= 1) {
    const fds = Object.fromEntries(services.map((s) => [s, openSync(join(logDir, f === 0 ? `${s}.log` : `${s}.log.${f}`), 'w')]));
    const target = f === 0 ? perService - rotated * fileBytes : fileBytes;
    let written = 0;
    while (written < target) {
      const chunks = Object.fromEntries(services.map((s) => [s, '']));
      for (let i = 0; i < 2000; i += 1) {
        const service = services[i % services.length];
        ts += 1;
        const seq = (seqs[service] += 1);
        const line =
          seq % 997 === 0
            ? `ERROR: upstream timeout after 30000ms on /api/items/${seq}`
            : seq % 3 === 0
              ? JSON.stringify({ level: 30, time: ts, pid: 4242, msg: `request ${seq} completed`, path: `/api/items/${seq}`, ms: seq % 90 })
              : `INFO:     127.0.0.1:${40000 + (seq % 20000)} - "GET /api/items/${seq} HTTP/1.1" 200 OK`;
        chunks[service] += `{"ts":"${new Date(ts).toISOString()}","service":"${service}","stream":"stdout","line":${JSON.stringify(line)},"seq":${seq}}\n`;
      }
      for (const s of services) writeSync(fds[s], chunks[s]);
      written += Buffer.byteLength(chunks.api);
    }
    for (const s of services) closeSync(fds[s]);
  }
  return logDir;
}

/** Wall time, peak RSS (KiB) and output lines of a shell command, via /usr/bin/time. */
function measure(command, cwd) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', `${command} | wc -l`], { cwd, encoding: 'utf8', maxBuffer: 1 << 20 });
  const [seconds, kib] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, rssMb: kib / 1024, lines: Number(result.stdout.trim()) };
}

function compare(title, netraCmd, peerCmd, cwd) {
  const n = [];
  const p = [];
  for (let i = 0; i < runs; i += 1) {
    n.push(measure(netraCmd, cwd));
    p.push(measure(peerCmd, cwd));
  }
  const ns = median(n.map((r) => r.seconds));
  const ps = median(p.map((r) => r.seconds));
  console.log(`\n${title}`);
  console.log(`  netra : ${fmt(ns)} s  peak RSS ${fmt(median(n.map((r) => r.rssMb)), 0)} MB  ${n[0].lines} lines   (${netraCmd})`);
  console.log(`  peer  : ${fmt(ps)} s  peak RSS ${fmt(median(p.map((r) => r.rssMb)), 0)} MB  ${p[0].lines} lines   (${peerCmd})`);
  console.log(`  ratio netra/peer: ${fmt(ns / ps)}x`);
  if (n[0].lines !== p[0].lines) console.log(`  WARNING: line counts differ (${n[0].lines} vs ${p[0].lines})`);
}

/** Lists the files of a service oldest first, as `tail`/`cat` would be given them. */
function lineage(logDir, service) {
  const rotated = readdirSync(logDir)
    .filter((name) => name.startsWith(`${service}.log.`))
    .sort((a, b) => Number(b.split('.').pop()) - Number(a.split('.').pop()));
  return [...rotated, `${service}.log`].map((name) => join('.netra/logs', name)).join(' ');
}

/** utime + stime of a live process, in seconds (Linux /proc; clock ticks of 100 Hz). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Counts the lines of a follower's output and samples their lag: each line
 * carries `t=<ms since the epoch>` of its writing and its number.
 */
function track(stream, total, text) {
  const state = { received: 0, seen: new Uint8Array(total + 1), lags: [], timeline: [] };
  let partial = '';
  stream.on('data', (chunk) => {
    const now = performance.timeOrigin + performance.now();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop();
    for (const raw of lines) {
      const line = text(raw);
      state.received += 1;
      const n = Number(/ line (\d+) /.exec(line)?.[1]);
      if (n >= 0 && n < state.seen.length) state.seen[n] = 1;
      if (state.received % 10 === 0) {
        const lag = now - Number(line.slice(2, line.indexOf(' ')));
        state.lags.push(lag);
        state.timeline.push(now, lag);
      }
    }
  });
  return state;
}

async function followBench(root) {
  const logDir = join(root, 'follow', '.netra', 'logs');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, 'hot.log'), ''); // the service exists, as when `dev up` has started it
  const cwd = join(root, 'follow');
  const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const reader = spawn(process.execPath, [bin, 'logs', '-f', 'hot', '--no-prefix', '-n', 'all'], { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  // The writer is a real log hub (what `dev up` runs), printing at the target rate in 10 ms steps.
  const writerCode = `
    const { createLogHub } = await import(${JSON.stringify(new URL('../dist/logs/index.js', import.meta.url).href)});
    const { createWriteStream } = await import('node:fs');
    const hub = createLogHub({ logDir: ${JSON.stringify(logDir)}, services: ['hot'], stdout: createWriteStream('/dev/null'), stderr: process.stderr, color: false });
    const rate = ${followRate}, seconds = ${followSeconds};
    const perTick = rate / 100; let sent = 0;
    await new Promise((r) => setTimeout(r, 300));
    // The clock starts after the pause: started before it, the first step carried 0.3 s of lines in one burst.
    const start = performance.now();
    while (sent < rate * seconds) {
      const due = Math.min(rate * seconds, Math.floor(((performance.now() - start) / 1000) * rate) + perTick);
      const lines = [];
      const now = performance.timeOrigin + performance.now();
      for (; sent < due; sent += 1) lines.push('t=' + now.toFixed(3) + ' line ' + sent + ' of the hot path, with some padding text to look real');
      if (lines.length) hub.writeLines('hot', 'stdout', lines);
      await new Promise((r) => setTimeout(r, 10));
    }
    await hub.close();
    const cpu = process.cpuUsage();
    process.stdout.write(sent + ' ' + (cpu.user + cpu.system) / 1e6);
  `;
  const clientCpu0 = process.cpuUsage();
  const total = followRate * followSeconds;
  const ours = track(reader.stdout, total, (line) => line);
  // Opt-in peer: `tail -F` on the same file shows the lag of the writer plus a minimal reader.
  const peer = process.env.BENCH_FOLLOW_PEER ? spawn('tail', ['-F', '-n', '+1', '-s', '0.01', join(logDir, 'hot.log')], { stdio: ['ignore', 'pipe', 'ignore'] }) : undefined;
  const theirs = peer ? track(peer.stdout, total, (line) => line.slice(line.indexOf('"line":"') + 8)) : undefined;
  let peakRss = 0;
  const rssTimer = setInterval(() => {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${reader.pid}/status`, 'utf8'));
      if (match) peakRss = Math.max(peakRss, Number(match[1]) / 1024);
    } catch {}
  }, 100);
  await new Promise((r) => setTimeout(r, 500));
  // Not spawnSync: this process must keep reading the follower's output meanwhile.
  const writer = spawn(process.execPath, ['--input-type=module', '-e', writerCode], { stdio: ['ignore', 'pipe', 'inherit'] });
  let writerOut = '';
  writer.stdout.on('data', (chunk) => (writerOut += chunk));
  await new Promise((r) => writer.once('close', r));
  const [sent, writerCpu] = writerOut.trim().split(' ').map(Number);
  const deadline = Date.now() + 30_000;
  while (ours.received < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  // tail -F may drop lines at a rotation: give it a moment, not the whole deadline.
  const peerDeadline = Date.now() + 3000;
  while (theirs && theirs.received < sent && Date.now() < peerDeadline) await new Promise((r) => setTimeout(r, 50));
  const { received, seen, lags } = ours;
  clearInterval(rssTimer);
  const readerCpu = cpuSeconds(reader.pid);
  const clientCpu = process.cpuUsage(clientCpu0);
  reader.kill('SIGINT');
  peer?.kill('SIGTERM');
  await new Promise((r) => reader.once('close', r));
  lags.sort((a, b) => a - b);
  const pct = (p, of = lags) => of[Math.min(of.length - 1, Math.floor((p / 100) * of.length))] ?? NaN;
  console.log(`\nload average ${loadBefore} before, ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} after`);
  console.log(`netra logs -f under a writer at ${followRate} lines/s for ${followSeconds} s (writer: the real log hub)`);
  console.log(`  lines sent ${sent}, received ${received}${received === sent ? '' : '  WARNING: lines missing'}`);
  if (received !== sent) {
    const ranges = [];
    for (let i = 0; i < sent && ranges.length < 5; i += 1) {
      if (seen[i]) continue;
      let j = i;
      while (j + 1 < sent && !seen[j + 1]) j += 1;
      ranges.push(`${i}..${j}`);
      i = j;
    }
    console.log(`  first missing ranges: ${ranges.join(', ')}`);
  }
  console.log(`  lag write→print p50 ${fmt(pct(50), 1)} ms, p99 ${fmt(pct(99), 1)} ms, max ${fmt(lags.at(-1) ?? NaN, 1)} ms`);
  console.log(`  reader peak RSS ${fmt(peakRss, 0)} MB`);
  if (process.env.BENCH_TIMELINE) {
    // Worst lag per 100 ms of the run, to tell a start-up backlog from steady lag.
    for (const [name, state] of [['netra', ours], ['tail -F', theirs]]) {
      if (!state) continue;
      const worst = [];
      for (let i = 0; i < state.timeline.length; i += 2) {
        const bucket = Math.floor((state.timeline[i] - state.timeline[0]) / 100);
        worst[bucket] = Math.max(worst[bucket] ?? 0, state.timeline[i + 1]);
      }
      console.log(`  ${name} worst lag per 100 ms: ${Array.from(worst, (w) => (w === undefined ? '-' : w.toFixed(0))).join(' ')}`);
    }
  }
  if (theirs) {
    theirs.lags.sort((a, b) => a - b);
    const l = theirs.lags;
    console.log(`  peer tail -F on the same file: received ${theirs.received}, lag p50 ${fmt(pct(50, l), 1)} ms, p99 ${fmt(pct(99, l), 1)} ms, max ${fmt(l.at(-1) ?? NaN, 1)} ms`);
  }
  // CPU seconds of the three processes sharing the cores: lag grows when they need more than there is.
  console.log(`  CPU s: reader ${fmt(readerCpu)} (${fmt((readerCpu / sent) * 1e6)} µs/line incl. start-up), writer ${fmt(writerCpu)}, this bench's client ${fmt((clientCpu.user + clientCpu.system) / 1e6)}`);
}

const root = mkdtempSync(join(tmpdir(), 'netra-bench-logs-'));
try {
  if (process.env.BENCH_ONLY !== 'follow') {
    const t0 = performance.now();
    const logDir = generate(root);
    console.log(`generated in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    await tailBench(root, logDir);
  }
  await followBench(root);
} finally {
  rmSync(root, { recursive: true, force: true });
}

async function tailBench(root, logDir) {
  const du = spawnSync('du', ['-sm', logDir], { encoding: 'utf8' }).stdout.split('\t')[0];
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`${du} MB of logs (${services.length} services, rotated at 10 MiB); ${runs} runs each, medians; load average ${load}`);
  const all = services.map((s) => lineage(logDir, s)).join(' ');
  compare(
    '--tail all --grep (filtered: ~0.1% of lines), JSON out',
    `node ${bin} logs --tail all --grep 'upstream timeout' --json`,
    `tail -q -n +1 ${all} | grep 'upstream timeout'`,
    root,
  );
  compare('--tail all, everything, plain lines', `node ${bin} logs --tail all --no-prefix`, `tail -q -n +1 ${all}`, root);
  compare(
    '--tail 100 per service with --grep (reads backwards)',
    `node ${bin} logs --tail 100 --grep 'upstream timeout' --json`,
    `{ ${services.map((s) => `tac ${lineage(logDir, s).split(' ').reverse().join(' ')} | grep -m 100 'upstream timeout';`).join(' ')} }`,
    root,
  );
}
