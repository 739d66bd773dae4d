// Subscribers of bench/events.mjs. Imported by the bench (its in-process subscribers) and forked by it as a client
// process (`--client-procs N`): each child connects its share of the subscribers with the same code and reports
// over IPC, so the figures measure the servers rather than one client core.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('./package.json', import.meta.url));
const WebSocket = require('ws');
const { io: ioClient } = require('socket.io-client');

/** Milliseconds on CLOCK_MONOTONIC, which all processes of the machine share (a payload's `t` crosses processes). */
export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const cpuUs = () => { const { user, system } = process.cpuUsage(); return user + system; };

/** A subscriber of one room/thread; counts events and their latencies. */
export function subscribe(server, room, sink) {
  const onEvent = (t) => { sink.count += 1; sink.latencies.push(now() - t); sink.onCount?.(); };
  if (server.kind === 'socketio') {
    const socket = ioClient(`http://127.0.0.1:${server.port}`, { transports: ['websocket'], forceNew: true });
    socket.on('event', (m) => onEvent(m.payload.t));
    return new Promise((resolve) => socket.emit('sub', room, () => resolve({ close: () => socket.close(), raw: socket })));
  }
  const netra = server.kind.startsWith('netra');
  const ws = netra ? new WebSocket(`ws://127.0.0.1:${server.port}/v1/events`, 'netra.events.v1') : new WebSocket(`ws://127.0.0.1:${server.port}`);
  return new Promise((resolve) => {
    ws.on('open', () => ws.send(JSON.stringify(netra ? { type: 'hello', token: server.token, role: 'ui' } : { sub: room })));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'event') return onEvent(m.payload.t);
      if (m.type === 'welcome') return ws.send(JSON.stringify({ type: 'subscribe', id: 's', threadId: room }));
      if (m.type === 'ack' || m.ack !== undefined) resolve({ close: () => ws.terminate(), raw: ws });
    });
    ws.on('error', () => {});
  });
}

export async function connectMany(server, rooms, sinkFor) {
  const subs = [];
  for (let i = 0; i < rooms.length; i += 100) subs.push(...await Promise.all(rooms.slice(i, i + 100).map((room) => subscribe(server, room, sinkFor(room)))));
  return subs;
}

/**
 * One process's share of a scenario's subscribers. `subscribe` connects them and arms the completion check
 * before any event can arrive, so `done()` reports the time of the `expected`-th delivery itself (not of the
 * IPC round trip), this process's CPU at that moment, and every latency sample.
 */
export function clientGroup() {
  let subs = [];
  let finished;
  return {
    async subscribe(server, rooms, expected) {
      const sink = { count: 0, latencies: [] };
      finished = new Promise((resolve) => {
        const finish = () => { sink.onCount = undefined; resolve({ lastAt: now(), cpuUs: cpuUs(), count: sink.count, latencies: sink.latencies }); };
        sink.onCount = () => sink.count >= expected && finish();
      });
      // A process with no subscribers in this scenario (fan-out 1 sub) reports when asked, so its CPU counts from the start.
      if (expected === 0) finished = { then: (resolve) => resolve({ lastAt: now(), cpuUs: cpuUs(), count: 0, latencies: [] }) };
      subs = await connectMany(server, rooms, () => sink);
    },
    cpuUs: async () => cpuUs(),
    done: async () => finished,
    close: async () => { subs.forEach((s) => s.close()); subs = []; },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const group = clientGroup();
  process.on('message', async ({ id, cmd, args }) => process.send({ id, reply: await group[cmd](...args) }));
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}
