/**
 * `startEventServer`: the HTTP server, the WebSocket upgrade path with its
 * checks (Host/Origin → 403, subprotocol → 4406, connection limit → 4429),
 * the heartbeat and the idle-thread sweep, wired around one `EventHub`.
 */
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ObservationListener } from './observation.js';
import type { BackpressureLimits } from './connection.js';
import { Observers } from './observation.js';
import { EventHub } from './hub.js';
import { FlushScheduler } from './flush-scheduler.js';
import { Connection } from './connection.js';
import { createHttpHandler } from './http-routes.js';
import { checkHostAndOrigin } from './origin-guard.js';
import { CloseCode, EVENTS_PATH, MAX_FRAME_BYTES, SUBPROTOCOL } from './protocol.js';
import { NetraError } from '../shared/errors.js';

export interface EventServerOptions {
  /** Bind address; default '127.0.0.1'. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Hex of 32 random bytes (`createEventsToken`). */
  token: string;
  /** Extra UI origins beyond localhost/127.0.0.1/[::1] on any port. */
  allowedOrigins?: string[];
  /** Extra accepted Host names (the bind address is added when it is not loopback). */
  allowedHosts?: string[];
  /** A run with no publish for this long is ended with `run_timeout`; default 300 000. */
  runTimeoutMs?: number;
  /** A run whose publishing socket closed this long ago is ended with `publisher_lost`; default 30 000. */
  publisherLostMs?: number;
  /** Open WebSockets beyond this are closed with 4429; default 256. */
  maxConnections?: number;
  /** Server ping interval; default 15 000. */
  heartbeatMs?: number;
  /** Time allowed for the hello frame; default 5 000. */
  helloTimeoutMs?: number;
  /** Per-socket bufferedAmount policing; defaults 1 MiB for 5 s, 8 MiB at once, terminate after 2 s. */
  backpressure?: Partial<BackpressureLimits>;
  /** Error-rate limit; default more than 20 in 10 s closes with 4400. */
  errorLimit?: { max?: number; windowMs?: number };
  replay?: { maxEvents?: number; maxBytes?: number; totalBytes?: number; idleEvictMs?: number };
  now?: () => number;
}

export interface EventServer {
  readonly port: number;
  /** `ws://127.0.0.1:P/v1/events` */
  readonly url: string;
  /** `http://127.0.0.1:P` */
  readonly httpUrl: string;
  readonly epoch: string;
  /** Telemetry for the alert manager; returns the unsubscribe function. Never blocks delivery. */
  observe(listener: ObservationListener): () => void;
  /** A server-originated event on a reserved thread (e.g. '_netra', 'x.alert'), outside run rules. */
  publishSystem(threadId: string, event: string, payload: unknown): void;
  /** Closes every socket with 1001 and stops all timers. */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startEventServer(options: EventServerOptions): Promise<EventServer> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const epoch = randomBytes(4).toString('hex');
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxConnections = options.maxConnections ?? 256;
  const replay = {
    maxEvents: options.replay?.maxEvents ?? 1000,
    maxBytes: options.replay?.maxBytes ?? 2 * MiB,
    totalBytes: options.replay?.totalBytes ?? 64 * MiB,
    idleEvictMs: options.replay?.idleEvictMs ?? 30 * 60_000,
  };
  const observers = new Observers();
  const hub = new EventHub({
    epoch,
    now,
    runTimeoutMs: options.runTimeoutMs ?? 300_000,
    publisherLostMs: options.publisherLostMs ?? 30_000,
    replay,
    observers,
  });
  const loopback = ['127.0.0.1', 'localhost', '::1', '0.0.0.0', '::'].includes(host);
  const guard = {
    allowedHosts: [...(options.allowedHosts ?? []), ...(loopback ? [] : [urlHost(host).toLowerCase()])],
    allowedOrigins: options.allowedOrigins ?? [],
  };
  const scheduler = new FlushScheduler(observers, now);
  const connections = new Set<Connection>();
  let nextId = 0;
  const context = {
    token: options.token,
    hub,
    observers,
    scheduler,
    welcome: {
      type: 'welcome' as const,
      epoch,
      heartbeatMs,
      maxPayloadBytes: MAX_FRAME_BYTES,
      replay: { maxEvents: replay.maxEvents, maxBytes: replay.maxBytes },
    },
    helloTimeoutMs: options.helloTimeoutMs ?? 5_000,
    backpressure: {
      softBytes: options.backpressure?.softBytes ?? MiB,
      softMs: options.backpressure?.softMs ?? 5_000,
      hardBytes: options.backpressure?.hardBytes ?? 8 * MiB,
      terminateAfterMs: options.backpressure?.terminateAfterMs ?? 2_000,
    },
    errorLimit: { max: options.errorLimit?.max ?? 20, windowMs: options.errorLimit?.windowMs ?? 10_000 },
    now,
    onClosed: (connection: Connection) => connections.delete(connection),
  };

  const server = createServer(
    createHttpHandler({ token: options.token, hub, observers, guard, maxConcurrent: maxConnections }),
  );
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
    // No subprotocol header unless ours was offered; the connection is then closed with 4406.
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  const onSocket = (ws: WebSocket): void => {
    if (ws.protocol !== SUBPROTOCOL) return ws.close(CloseCode.badSubprotocol, `subprotocol ${SUBPROTOCOL} required`);
    if (connections.size >= maxConnections) return ws.close(CloseCode.tooManyConnections, 'too many connections');
    nextId += 1;
    connections.add(new Connection(`c${nextId}`, ws, context));
  };
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if ((req.url ?? '').split('?')[0] !== EVENTS_PATH) return rejectUpgrade(socket, 404, 'Not Found');
    if (!checkHostAndOrigin(req.headers, guard).ok) return rejectUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, onSocket);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new NetraError('PORT_IN_USE', `port ${options.port} is already in use`, { cause: error })
          : error,
      );
    });
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const base = `${urlHost(host)}:${port}`;

  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat();
  }, heartbeatMs);
  heartbeat.unref();
  const sweep = setInterval(() => hub.evictIdle(), Math.max(1_000, Math.min(replay.idleEvictMs / 2, 60_000)));
  sweep.unref();

  let closed: Promise<void> | undefined;
  return {
    port,
    url: `ws://${base}${EVENTS_PATH}`,
    httpUrl: `http://${base}`,
    epoch,
    observe: (listener) => observers.add(listener),
    publishSystem: (threadId, event, payload) => void hub.publishSystem(threadId, event, payload),
    close: () =>
      (closed ??= (async () => {
        clearInterval(heartbeat);
        clearInterval(sweep);
        hub.close();
        const open = [...connections];
        for (const connection of open) connection.close(CloseCode.goingAway, 'server shutting down');
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        // Give close handshakes a moment, then cut whatever is left (stalled peers).
        const deadline = setTimeout(() => open.forEach((c) => c.terminate()), 1_000);
        await new Promise<void>((resolve) => {
          const check = (): void => (connections.size === 0 ? resolve() : void setTimeout(check, 10));
          check();
        });
        clearTimeout(deadline);
        wss.close();
        await done;
      })()),
  };
}
