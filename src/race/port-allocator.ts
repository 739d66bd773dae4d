import { createServer } from 'node:net';
import { checkPort } from './ports.js';

/** How long a handed-out port is not handed out again by the same allocator. */
const DEFAULT_HOLD_MS = 60_000;
const MAX_TRIES = 50;

/**
 * Free ports for `port: 'auto'`: bind port 0, read, close. Between closing and
 * the service binding, the kernel could hand the same port to the next bind(0),
 * so ports given out recently are remembered and never given twice; the
 * supervisor still retries if a service loses the race to another program.
 */
export class PortAllocator {
  readonly #given = new Map<number, number>();
  readonly #holdMs: number;
  readonly #now: () => number;

  constructor(options: { holdMs?: number; now?: () => number } = {}) {
    this.#holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.#now = options.now ?? Date.now;
  }

  /** A port free on 127.0.0.1, ::1 and 0.0.0.0, not given out by this allocator recently. */
  async allocate(host = '127.0.0.1'): Promise<number> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt += 1) {
      this.#expire();
      const port = await bindEphemeral(host);
      if (this.#given.has(port)) continue;
      // Claim it before the wider check so concurrent callers skip it.
      this.#given.set(port, this.#now() + this.#holdMs);
      if ((await checkPort(port)).free) return port;
    }
    throw new Error(`no free port found on ${host} after ${MAX_TRIES} tries`);
  }

  /** Forgets a port (e.g. its service stopped), so it may be given again. */
  release(port: number): void {
    this.#given.delete(port);
  }

  #expire(): void {
    const now = this.#now();
    for (const [port, until] of this.#given) if (until <= now) this.#given.delete(port);
  }
}

function bindEphemeral(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`could not bind ${host}:0`))));
    });
  });
}

const defaultAllocator = new PortAllocator();

/** A free port from the process-wide allocator (distinct from every other one it gave recently). */
export function allocatePort(host = '127.0.0.1'): Promise<number> {
  return defaultAllocator.allocate(host);
}
