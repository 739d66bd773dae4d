// Benchmarks of the chat event server (issue 3), side by side with a bare `ws` broadcast server
// (encode once, coalesce per tick: the practical ceiling) and Socket.IO, on loopback.
// Run after `npm run build`:  node bench/events.mjs [--runs 3] [--quick] [--only <scenario substring>] [--client-procs 2] [--client-ceiling]
// Each server runs in its own process (bench/events-server.mjs); subscribers run in `--client-procs N` (default 2)
// forked client processes (bench/events-clients.mjs), the publisher here.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { clientGroup, connectMany, cpuUs, now, subscribe } from './events-clients.mjs';

const require = createRequire(new URL('./package.json', import.meta.url));
const WebSocket = require('ws');
const { io: ioClient } = require('socket.io-client');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const QUICK = args.includes('--quick');
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
// Subscribers of the throughput and paced scenarios live in this many forked client processes
// (bench/events-clients.mjs), the same for every server; 1 keeps them in this (the publisher's) process.
const CLIENT_PROCS = args.includes('--client-procs') ? Math.max(1, Number(args[args.indexOf('--client-procs') + 1]) || 1) : 2;
// BENCH_NETRA_BASE=<dist dir of another build> adds the kind `netra-base`, run interleaved with the others.
const BASE = process.env.BENCH_NETRA_BASE ? ['netra-base'] : [];
const KINDS = args.includes('--kinds') ? args[args.indexOf('--kinds') + 1].split(',') : ['netra', 'ws', 'socketio', ...BASE];
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server process there (node --cpu-prof).
const PROF = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
process.stderr.write(`load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };

function startServer(kind) {
  const child = fork(new URL('./events-server.mjs', import.meta.url), [kind], { execArgv: ['--expose-gc', ...PROF], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', (info) => resolve({ ...info, kind, child,
    rss: () => new Promise((r) => { child.once('message', (m) => r(m)); child.send({ cmd: 'rss' }); }),
    cpuUs: () => new Promise((r) => { child.once('message', (m) => r(m.cpuUs)); child.send({ cmd: 'cpu' }); }),
    stop: () => new Promise((r) => { child.once('exit', r); child.kill(); }) })));
}

/** A client process (bench/events-clients.mjs) driven over IPC, with the same methods as an in-process clientGroup(). */
async function forkClientGroup() {
  const child = fork(new URL('./events-clients.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((r) => child.once('message', r));
  const waiting = new Map();
  let next = 0;
  child.on('message', (m) => { waiting.get(m.id)?.(m.reply); waiting.delete(m.id); });
  const call = (cmd) => (...callArgs) => new Promise((r) => { const id = next++; waiting.set(id, r); child.send({ id, cmd, args: callArgs }); });
  return { subscribe: call('subscribe'), cpuUs: call('cpuUs'), done: call('done'), close: call('close') };
}
const groups = CLIENT_PROCS === 1 ? [clientGroup()] : await Promise.all(Array.from({ length: CLIENT_PROCS }, forkClientGroup));

/**
 * Connects one subscriber per entry of `rooms`, spread round robin over the client groups, each expecting
 * `perRoom` events per subscriber; then `run(pub)` publishes. Deliveries/s count from the first publish to the
 * last delivery in any client process. CPU is split between the server, each client process and, with client
 * processes, this publisher process (as % of one core over that wall time).
 */
async function measure(server, rooms, perRoom, run) {
  const info = { kind: server.kind, port: server.port, token: server.token };
  const shares = groups.map((_, i) => rooms.filter((_, j) => j % groups.length === i));
  await Promise.all(groups.map((g, i) => g.subscribe(info, shares[i], shares[i].length * perRoom)));
  const pub = await publisher(server);
  const s0 = await server.cpuUs();
  const c0 = await Promise.all(groups.map((g) => g.cpuUs()));
  const p0 = cpuUs();
  const t0 = now();
  await run(pub);
  const reports = await Promise.all(groups.map((g) => g.done()));
  const p1 = cpuUs();
  const s1 = await server.cpuUs();
  const wallMs = Math.max(...reports.filter((_, i) => shares[i].length > 0).map((r) => r.lastAt)) - t0;
  pub.close();
  await Promise.all(groups.map((g) => g.close()));
  const clientMs = reports.map((r, i) => (r.cpuUs - c0[i]) / 1000);
  const clientCpuMs = clientMs.reduce((a, b) => a + b, 0);
  const latencies = reports.flatMap((r) => r.latencies);
  const expected = rooms.length * perRoom;
  const split = Object.fromEntries(clientMs.map((ms, i) => [`client${i + 1}Cpu`, (ms / wallMs) * 100]));
  if (CLIENT_PROCS > 1) split.publisherCpu = ((p1 - p0) / 1000 / wallMs) * 100;
  return {
    expected, seconds: wallMs / 1000, latencies, serverCpu: ((s1 - s0) / 1000 / wallMs) * 100, clientCpu: (clientCpuMs / wallMs) * 100, ...split,
    perServerCpuSec: expected / ((s1 - s0) / 1e6), perClientCpuSec: expected / (clientCpuMs / 1000),
  };
}
const cpuFields = ({ serverCpu, clientCpu, perServerCpuSec, perClientCpuSec, ...rest }) => ({
  serverCpu, clientCpu, ...Object.fromEntries(Object.entries(rest).filter(([k]) => k.endsWith('Cpu'))), perServerCpuSec, perClientCpuSec,
});

/** A publisher with a window of outstanding acks. */
async function publisher(server) {
  let next = 0;
  const pending = new Map();
  const started = new Set();
  if (server.kind === 'socketio') {
    const socket = ioClient(`http://127.0.0.1:${server.port}`, { transports: ['websocket'], forceNew: true });
    await new Promise((r) => socket.on('connect', r));
    return { publish: (room, payload) => new Promise((r) => socket.emit('pub', room, payload, r)), close: () => socket.close() };
  }
  const netra = server.kind.startsWith('netra');
  const ws = netra ? new WebSocket(`ws://127.0.0.1:${server.port}/v1/events`, 'netra.events.v1') : new WebSocket(`ws://127.0.0.1:${server.port}`);
  await new Promise((r) => ws.on('open', r));
  ws.on('message', (data) => { const m = JSON.parse(data.toString()); const id = m.id ?? m.ack; pending.get(id)?.(m); pending.delete(id); });
  if (netra) { const welcomed = new Promise((r) => pending.set(undefined, r)); ws.send(JSON.stringify({ type: 'hello', token: server.token, role: 'backend' })); await welcomed; }
  const send = (frame) => new Promise((r) => { const id = `p${next++}`; pending.set(id, r); ws.send(JSON.stringify({ ...frame, id })); });
  return {
    async publish(room, payload) {
      if (!netra) return send({ room, payload });
      if (!started.has(room)) { started.add(room); await send({ type: 'publish', threadId: room, runId: 'r', event: 'agent_started', payload: {} }); }
      const ack = await send({ type: 'publish', threadId: room, runId: 'r', event: 'x.tick', payload });
      if (ack.type !== 'ack') throw new Error(`publish rejected: ${JSON.stringify(ack)}`);
    },
    close: () => ws.terminate(),
  };
}

async function windowed(total, fn, window = 64) {
  let i = 0;
  await Promise.all(Array.from({ length: window }, async () => { while (i < total) await fn(i++); }));
}

/** Fan-out: N subscribers on one thread, events as fast as acks allow. */
async function fanout(server, subscribers, events, tag) {
  const room = `fan-${tag}`;
  const m = await measure(server, Array(subscribers).fill(room), events, (pub) => windowed(events, () => pub.publish(room, { t: now(), pad: 'x'.repeat(200) })));
  return { rate: m.expected / m.seconds, p50: pct(m.latencies, 50), p99: pct(m.latencies, 99), ...cpuFields(m) };
}

/** Paced latency: N subscribers × `perSecond` events/s for `seconds`. */
async function paced(server, subscribers, perSecond, seconds, tag) {
  const room = `paced-${tag}`;
  const total = perSecond * seconds;
  const m = await measure(server, Array(subscribers).fill(room), total, async (pub) => {
    const t0 = now();
    for (let i = 0; i < total; i += 1) {
      const wait = t0 + (i * 1000) / perSecond - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      void pub.publish(room, { t: now() });
    }
  });
  const { perServerCpuSec, perClientCpuSec, ...cpu } = cpuFields(m);
  return { p50: pct(m.latencies, 50), p99: pct(m.latencies, 99), ...cpu };
}

/** Many threads: each subscriber on its own thread, events round-robin. */
async function ownThreads(server, clients, rounds, tag) {
  const rooms = Array.from({ length: clients }, (_, i) => `own-${tag}-${i}`);
  const m = await measure(server, rooms, rounds, (pub) => windowed(clients * rounds, (i) => pub.publish(rooms[i % clients], { t: now() })));
  return { rate: m.expected / m.seconds, p99: pct(m.latencies, 99), ...cpuFields(m) };
}

/** Connection storm: all clients connect (and subscribe) at once. */
async function storm(server, clients, tag) {
  const t0 = now();
  const subs = await Promise.all(Array.from({ length: clients }, (_, i) => subscribe(server, `storm-${tag}-${i % 50}`, { count: 0, latencies: [] })));
  const ms = now() - t0;
  subs.forEach((s) => s.close());
  return { ms };
}

/**
 * A stalled subscriber among healthy ones: `mb` MB pushed in 1 MB steps, each step waiting until the
 * healthy subscribers have it (so only the stalled one can accumulate). Loopback kernel buffers absorb
 * the first tens of MB (tcp_rmem max is 32 MB on many Linux hosts), so the baseline is taken halfway; the
 * end is sampled 2.5 s later (a server that gave up on the stalled socket has terminated it by then).
 * Reports the server's RSS and Buffer-memory growth over the second half: flat means the stalled reader
 * costs nothing that grows with traffic.
 */
async function stalled(server, healthy, mb, tag) {
  const room = `stall-${tag}`;
  const sink = { count: 0, latencies: [] };
  const subs = await connectMany(server, Array(healthy).fill(room), () => sink);
  const stuck = await subscribe(server, room, { count: 0, latencies: [] });
  (stuck.raw.pause ?? (() => stuck.raw.io.engine.transport.ws?._socket?.pause()))?.call(stuck.raw);
  const pub = await publisher(server);
  const perStep = 20; // 20 × 50 KB = 1 MB
  let sent = 0;
  let before;
  for (let step = 0; step < mb; step += 1) {
    await windowed(perStep, () => pub.publish(room, { t: now(), blob: 'b'.repeat(50 * 1024) }), 4);
    sent += perStep;
    const expected = sent * healthy;
    if (sink.count < expected) await new Promise((r) => (sink.onCount = () => sink.count >= expected && r()));
    if (step === Math.floor(mb / 2)) before = await server.rss();
    if (process.env.BENCH_VERBOSE && (step === Math.floor(mb / 2) || step === mb - 1)) process.stderr.write(`  step ${step} at ${Date.now() % 100_000}\n`);
  }
  await new Promise((r) => setTimeout(r, 2_500));
  const after = await server.rss();
  if (process.env.BENCH_VERBOSE) process.stderr.write(`  end sample at ${Date.now() % 100_000}\n`);
  pub.close(); subs.forEach((s) => s.close()); stuck.close();
  const MB = 1024 * 1024;
  return { growthMb: (after.rss - before.rss) / MB, buffersMb: (after.buffers - before.buffers) / MB, heapMb: (after.heap - before.heap) / MB, rssMb: after.rss / MB };
}

// --scale N multiplies event counts (longer runs for CPU profiles).
const scale = (QUICK ? 0.25 : 1) * (Number(args[args.indexOf('--scale') + 1]) || 1);
const plan = [
  ['fan-out 1 sub', (s, t) => fanout(s, 1, Math.round(4000 * scale), t)],
  ['fan-out 100 subs', (s, t) => fanout(s, 100, Math.round(400 * scale), t)],
  ['fan-out 1000 subs', (s, t) => fanout(s, 1000, Math.round(40 * scale), t)],
  ['100 subs x 200 ev/s', (s, t) => paced(s, 100, 200, QUICK ? 1 : 2, t)],
  ['1000 clients, own threads', (s, t) => ownThreads(s, 1000, Math.round(8 * scale) || 1, t)],
  ['2000 clients connect at once', (s, t) => storm(s, 2000, t)],
  ['stalled subscriber among 3', (s, t) => stalled(s, 3, Math.round((QUICK ? 60 : 120) * (scale / (QUICK ? 0.25 : 1))), t)],
];

/**
 * `--client-ceiling`: 100 subscribers (this process, parsing every message as above) fed by a server that
 * does nothing but write a pre-built frame (events-server.mjs `ceiling`). No server can be delivered to
 * faster than this: it bounds every fan-out figure above, whatever the server.
 */
async function clientCeiling(subscribers, events) {
  const server = await startServer('ceiling');
  try {
    let count = 0;
    const latencies = [];
    let done;
    const finished = new Promise((r) => (done = r));
    const sockets = await Promise.all(Array.from({ length: subscribers }, () => new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
      ws.on('open', () => resolve(ws));
      // The same per-message work as subscribe(): parse, check the type, record a latency.
      ws.on('message', (data) => { const m = JSON.parse(data.toString()); if (m.type === 'event') latencies.push(now() - m.payload.t); if (++count === subscribers * events) done(); });
    })));
    const c0 = cpuUs();
    const t0 = now();
    server.child.send({ cmd: 'blast', events });
    await finished;
    const ms = now() - t0;
    const cpuMs = (cpuUs() - c0) / 1000;
    sockets.forEach((ws) => ws.terminate());
    return { rate: (subscribers * events) / (ms / 1000), clientCpu: (cpuMs / ms) * 100, perClientCpuSec: (subscribers * events) / (cpuMs / 1000) };
  } finally {
    await server.stop();
  }
}

if (args.includes('--client-ceiling')) {
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) runs.push(await clientCeiling(100, Math.round(4000 * scale)));
  const m = (k) => median(runs.map((r) => r[k]));
  console.log(`client ceiling, 100 subscribers (no server work): ${Math.round(m('rate'))} deliveries/s, client CPU ${m('clientCpu').toFixed(0)}% of a core, ${Math.round(m('perClientCpuSec'))} deliveries per client CPU-second (medians of ${RUNS}); load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  process.exit(0);
}

const results = {};
for (const [name, scenario] of plan) {
  if (ONLY !== undefined && !name.includes(ONLY)) continue;
  results[name] = {};
  // Runs interleave the servers (netra, ws, socketio, netra, …) so load from elsewhere hits all of them.
  const runs = Object.fromEntries(KINDS.map((kind) => [kind, []]));
  for (let run = 0; run < RUNS; run += 1) {
    for (const kind of KINDS) {
      const server = await startServer(kind);
      try { runs[kind].push(await scenario(server, `${kind}${run}`)); } finally { await server.stop(); }
      if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${name} ${kind} run ${run}: ${JSON.stringify(runs[kind].at(-1))}\n`);
    }
  }
  for (const kind of KINDS) {
    const keys = Object.keys(runs[kind][0]);
    results[name][kind] = Object.fromEntries(keys.map((k) => [k, median(runs[kind].map((r) => r[k]))]));
    process.stderr.write(`${name.padEnd(30)} ${kind.padEnd(9)} ${JSON.stringify(results[name][kind], (k, v) => (typeof v === 'number' ? Number(v.toFixed(2)) : v))}\n`);
  }
}

const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log('\n## events bench (medians of', RUNS, 'runs; ratios are netra / peer)\n');
const line = (name, label, n, w, s) => {
  if ('rate' in n) return `${name}: ${label} ${f(n.rate)} deliveries/s (${f((n.rate / w.rate) * 100)}% of bare ws, ${f(n.rate / s.rate, 2)}x Socket.IO)${'p50' in n ? `; p50/p99 ms ${label} ${f(n.p50, 2)}/${f(n.p99, 2)}, ws ${f(w.p50, 2)}/${f(w.p99, 2)}, socket.io ${f(s.p50, 2)}/${f(s.p99, 2)}` : `; p99 ms ${label} ${f(n.p99, 2)}, ws ${f(w.p99, 2)}, socket.io ${f(s.p99, 2)}`}`;
  if ('p99' in n) return `${name}: p50/p99 ms ${label} ${f(n.p50, 2)}/${f(n.p99, 2)}, ws ${f(w.p50, 2)}/${f(w.p99, 2)}, socket.io ${f(s.p50, 2)}/${f(s.p99, 2)}`;
  if ('ms' in n) return `${name}: ${label} ${f(n.ms)} ms, ws ${f(w.ms)} ms, socket.io ${f(s.ms)} ms`;
  return `${name}: server growth over the second half, RSS / Buffers MB: ${label} ${f(n.growthMb, 1)} / ${f(n.buffersMb, 1)}, ws ${f(w.growthMb, 1)} / ${f(w.buffersMb, 1)}, socket.io ${f(s.growthMb, 1)} / ${f(s.buffersMb, 1)}`;
};
for (const [name, byKind] of ['netra', 'ws', 'socketio'].every((k) => KINDS.includes(k)) ? Object.entries(results) : []) {
  console.log(line(name, 'netra', byKind.netra, byKind.ws, byKind.socketio));
  if (byKind['netra-base']) console.log(line(name, 'netra-base', byKind['netra-base'], byKind.ws, byKind.socketio));
}
for (const [name, byKind] of Object.entries(results)) {
  if (!('serverCpu' in byKind[KINDS[0]])) continue;
  // server%/client process 1%+client process 2%… and, with client processes, the publisher (this process).
  const clients = (r) => groups.map((_, i) => `${f(r[`client${i + 1}Cpu`])}%`).join('+') + ('publisherCpu' in r ? ` pub ${f(r.publisherCpu)}%` : '');
  const line = KINDS.map((k) => `${k} ${f(byKind[k].serverCpu)}%/${clients(byKind[k])}`).join(', ');
  const per = 'perServerCpuSec' in byKind[KINDS[0]]
    ? `; deliveries per CPU-second server/clients: ${KINDS.map((k) => `${k} ${f(byKind[k].perServerCpuSec)}/${f(byKind[k].perClientCpuSec)}`).join(', ')}`
    : '';
  console.log(`${name} CPU server/clients (% of one core, ${CLIENT_PROCS} client process${CLIENT_PROCS > 1 ? 'es' : ''}): ${line}${per}`);
}
console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (${os.cpus().length} cores)`);
process.exit(0);
