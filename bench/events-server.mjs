// The server side of bench/events.mjs, in its own process so its RSS and CPU are its own.
// `node bench/events-server.mjs netra|ws|socketio` (forked with IPC): replies {port, token} then
// answers {cmd:'rss'} with {rss, buffers} and {cmd:'cpu'} with {cpuUs}. `ws` is the practical ceiling: encode once, coalesce per tick.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const kind = process.argv[2];
// Peers send the same envelope netra does, so clients parse the same bytes everywhere.
let seq = 0;
const envelope = (room, payload) => ({
  type: 'event', replay: false, synthetic: false, epoch: 'bench', threadId: room, runId: 'r',
  seq: ++seq, runSeq: seq, event: 'x.tick', ts: Date.now(), payload,
});
const require = createRequire(new URL('./package.json', import.meta.url));

async function startNetra() {
  // Kind `netra-base`: another build of netra (BENCH_NETRA_BASE=<its dist dir>, e.g. the previous commit's).
  const dist = kind === 'netra-base' ? process.env.BENCH_NETRA_BASE : undefined;
  const lib = await import(dist ? pathToFileURL(`${dist}/events/index.js`).href : '../dist/events/index.js');
  const token = lib.createEventsToken();
  const server = await lib.startEventServer({ port: 0, token, maxConnections: 10_000, runTimeoutMs: 3_600_000 });
  if (process.env.BENCH_VERBOSE) {
    server.observe((o) => {
      if (o.kind === 'connection' && o.phase !== 'opened' && o.code !== undefined && o.code !== 1005 && o.code !== 1006) {
        process.stderr.write(`  [${kind}] ${o.phase} ${o.code} at ${Date.now() % 100_000}\n`);
      }
    });
  }
  return { port: server.port, token };
}

async function startBareWs() {
  const { WebSocketServer } = require('ws');
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: false });
  const rooms = new Map();
  const dirty = new Map();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    for (const [ws, frames] of dirty) {
      ws._socket.cork();
      for (const frame of frames) ws.send(frame, { binary: false, compress: false });
      ws._socket.uncork();
    }
    dirty.clear();
  };
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.sub !== undefined) {
        if (!rooms.has(msg.sub)) rooms.set(msg.sub, new Set());
        rooms.get(msg.sub).add(ws);
        ws.on('close', () => rooms.get(msg.sub)?.delete(ws));
        ws.send(JSON.stringify({ ack: msg.sub }));
        return;
      }
      const frame = Buffer.from(JSON.stringify(envelope(msg.room, msg.payload)));
      for (const sub of rooms.get(msg.room) ?? []) {
        if (!dirty.has(sub)) dirty.set(sub, []);
        dirty.get(sub).push(frame);
      }
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      ws.send(JSON.stringify({ ack: msg.id }));
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: http.address().port };
}

async function startSocketIo() {
  const { Server } = require('socket.io');
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false });
  io.on('connection', (socket) => {
    socket.on('sub', (room, ack) => {
      socket.join(room);
      ack?.();
    });
    socket.on('pub', (room, payload, ack) => {
      io.to(room).emit('event', envelope(room, payload));
      ack?.();
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: http.address().port };
}

/**
 * Kind `ceiling`: no server work at all. On {cmd:'blast', events} it writes one pre-built event frame
 * `events` times to every connected socket, 64 per tick (one write per socket per tick), pausing while
 * a socket has over 1 MiB unsent. What the clients then manage is the client side's own ceiling.
 */
async function startCeiling() {
  const { WebSocketServer } = require('ws');
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: true });
  process.on('message', (msg) => {
    if (msg.cmd !== 'blast') return;
    const json = Buffer.from(JSON.stringify(envelope('fan', { t: Date.now(), pad: 'x'.repeat(200) })));
    const header = Buffer.from([0x81, 126, json.length >> 8, json.length & 255]);
    const batch = Buffer.concat(Array.from({ length: 64 }, () => [header, json]).flat());
    const sockets = [...wss.clients].map((ws) => ws._socket);
    let sent = 0;
    const pump = () => {
      for (const socket of sockets) socket.write(batch);
      sent += 64;
      if (sent >= msg.events) return;
      const full = sockets.find((socket) => socket.writableLength > 1024 * 1024);
      if (full) full.once('drain', pump);
      else setImmediate(pump);
    };
    pump();
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: http.address().port };
}

const start = { ceiling: startCeiling, netra: startNetra, 'netra-base': startNetra, ws: startBareWs, socketio: startSocketIo }[kind];
const info = await start();
process.on('message', (msg) => {
  if (msg.cmd === 'rss') {
    globalThis.gc?.();
    const { rss, arrayBuffers, heapTotal } = process.memoryUsage();
    process.send({ rss, buffers: arrayBuffers, heap: heapTotal });
  } else if (msg.cmd === 'cpu') {
    // user+system CPU microseconds of this server process, for the CPU split in bench/events.mjs.
    const { user, system } = process.cpuUsage();
    process.send({ cpuUs: user + system });
  }
});
// A normal exit on SIGTERM, so `--cpu-prof` (BENCH_CPU_PROF) gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
process.send(info);
