// The alert manager's cost (issue 8): the same work with the alert manager on and off, in one run.
//   npm run build && node bench/alerts.mjs
//   log throughput   LOG_LINES lines (1% errors, 2% warnings) through createLogHub (terminal → /dev/null,
//                    JSONL file, ring buffer) until flushed; "on" runs the manager as dev up wires it
//                    (error-burst reads the hub's ring buffers on its tick, at its smallest interval)
//   event fan-out    one backend publishing EVENTS agent_thinking events of one run to SUBSCRIBERS UI
//                    sockets on the real event server, until every subscriber has every event; "on"
//                    observes the server (which makes it build observations), "off" does not
// Runs alternate off/on BENCH_RUNS times (default 7); medians, and the difference as a ratio, of
// wall time and of this process's CPU time (user+sys: everything runs in this one process, so CPU
// time is the cost, and it is far less disturbed than wall time by other load on a shared machine).
// Env: LOG_LINES (default 400000), EVENTS (3000), SUBSCRIBERS (10).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('./package.json', import.meta.url));
const WebSocket = require('ws');
const dist = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const logs = await dist('logs/index.js');
const events = await dist('events/index.js');
const alerts = await dist('alerts/index.js');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LOG_LINES = Number(process.env.LOG_LINES ?? 400_000);
const EVENTS = Number(process.env.EVENTS ?? 3_000);
const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 10);
const cpuOf = (since) => { const d = process.cpuUsage(since); return (d.user + d.system) / 1000; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A manager with every rule on (defaults), sinks that only count: the rules' cost, not the sinks'. */
function manager(logSource) {
  let written = 0;
  const m = alerts.createAlertManager({
    // The smallest tick (50 ms) and a low error threshold: the busiest the manager gets.
    config: alerts.parseAlertsConfig({ 'error-burst': { count: 5, windowMs: 200 } }),
    ...(logSource ? { logs: logSource } : {}),
    sinks: [{ write: () => void (written += 1), close: async () => undefined }],
    startTimes: alerts.openStartTimes({ path: undefined, keep: 10 }),
    levelOf: logs.detectAlertLevel,
  });
  return { manager: m, written: () => written };
}

const lineSet = Array.from({ length: 1000 }, (_, i) =>
  i % 100 === 0 ? `ERROR request ${i} failed: upstream timed out after 3000 ms`
  : i % 50 === 1 ? `WARN slow query (${i} ms): SELECT * FROM messages WHERE thread_id = $1`
  : i % 3 === 0 ? `{"level":"info","time":${1700000000000 + i},"msg":"handled request","path":"/api/chat/${i}","status":200}`
  : `INFO 127.0.0.1 - GET /api/threads/${i}/messages 200 ${i % 40} ms`);

async function logRun(on) {
  const dir = mkdtempSync(join(tmpdir(), 'netra-bench-alerts-'));
  const hub = logs.createLogHub({ logDir: join(dir, 'logs'), services: ['api'], stdout: createWriteStream('/dev/null'), stderr: createWriteStream('/dev/null'), color: false });
  const am = on ? manager({ services: () => ['api'], tail: (name) => hub.tail(name) }) : undefined;
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let written = 0; written < LOG_LINES; written += lineSet.length) {
    hub.writeLines('api', 'stdout', lineSet);
    // Polled rather than onDrain: a second congestion in one run did not always signal its drain (logs hub, 2026-11).
    while (hub.congested) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await hub.flush();
  const ms = performance.now() - start;
  const cpuMs = cpuOf(cpu);
  const alerted = am?.written() ?? 0;
  await am?.manager.close();
  await hub.close();
  if (on && alerted === 0) throw new Error('the manager saw no error burst: it did not look at the lines');
  rmSync(dir, { recursive: true, force: true });
  return { ms, cpuMs };
}

async function connect(url, token, role) {
  const ws = new WebSocket(url, 'netra.events.v1');
  await new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token, role })));
    ws.once('message', resolve); // welcome
  });
  return ws;
}

async function fanOutRun(on) {
  const token = events.createEventsToken();
  const server = await events.startEventServer({ port: 0, token });
  const am = on ? manager() : undefined;
  const off = am ? server.observe((o) => am.manager.observe(o)) : () => undefined;
  const thread = 'bench';
  const subs = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => connect(server.url, token, 'ui')));
  let remaining = SUBSCRIBERS;
  const done = new Promise((resolve) => {
    for (const ws of subs) {
      let seen = 0;
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.type !== 'event') return;
        seen += 1;
        if (seen === EVENTS + 1 && --remaining === 0) resolve();
      });
      ws.send(JSON.stringify({ type: 'subscribe', threadId: thread }));
    }
  });
  // Wait for the subscribe acks through a ping round trip per socket.
  await Promise.all(subs.map((ws) => new Promise((resolve) => { ws.send(JSON.stringify({ type: 'ping', id: 'p' })); const h = (d) => { if (JSON.parse(d.toString()).type === 'pong') { ws.off('message', h); resolve(); } }; ws.on('message', h); })));
  const backend = await connect(server.url, token, 'backend');
  const cpu = process.cpuUsage();
  const start = performance.now();
  backend.send(JSON.stringify({ type: 'publish', threadId: thread, runId: 'r1', event: 'agent_started', payload: {} }));
  for (let i = 0; i < EVENTS; i += 1) backend.send(JSON.stringify({ type: 'publish', threadId: thread, runId: 'r1', event: 'agent_thinking', payload: { text: `step ${i} of the plan`, step: i } }));
  await done;
  const ms = performance.now() - start;
  const cpuMs = cpuOf(cpu);
  off();
  await am?.manager.close();
  for (const ws of [...subs, backend]) ws.terminate();
  await server.close();
  return { ms, cpuMs };
}

const results = { log: { off: [], on: [] }, fanout: { off: [], on: [] } };
await logRun(false); // warm-up
await fanOutRun(false);
for (let run = 0; run < RUNS; run += 1) {
  // Alternate which goes first so drift (other load, GC) does not favour one side.
  const order = run % 2 === 0 ? [false, true] : [true, false];
  for (const on of order) results.log[on ? 'on' : 'off'].push(await logRun(on));
  for (const on of order) results.fanout[on ? 'on' : 'off'].push(await fanOutRun(on));
}

const row = (name, unit, amount, r) => {
  const pick = (side, field) => median(r[side].map((x) => x[field]));
  const [off, on, offCpu, onCpu] = [pick('off', 'ms'), pick('on', 'ms'), pick('off', 'cpuMs'), pick('on', 'cpuMs')];
  const rate = (ms) => `${Math.round(amount / (ms / 1000)).toLocaleString('en-US')} ${unit}/s`;
  const ratio = (a, b) => `${(a / b).toFixed(3)} (${a >= b ? '+' : ''}${((a / b - 1) * 100).toFixed(1)}%)`;
  return [
    `${name}: ${amount.toLocaleString('en-US')} ${unit}`,
    `  wall  off ${off.toFixed(0).padStart(6)} ms (${rate(off)})  on ${on.toFixed(0).padStart(6)} ms (${rate(on)})  on/off ${ratio(on, off)}`,
    `  cpu   off ${offCpu.toFixed(0).padStart(6)} ms  on ${onCpu.toFixed(0).padStart(6)} ms  on/off ${ratio(onCpu, offCpu)}`,
  ].join('\n');
};
console.log(`alert manager on vs off — medians of ${RUNS} alternating runs (node ${process.version})`);
console.log(row('log throughput', 'lines', LOG_LINES, results.log));
console.log(row('event fan-out', 'deliveries', EVENTS * SUBSCRIBERS, results.fanout));
if (process.env.BENCH_VERBOSE) console.log(JSON.stringify(results, (k, v) => (typeof v === 'number' ? Math.round(v) : v)));
