/** Starts a real event server on a free loopback port for one test file, and closes it after. */
import { afterEach } from 'vitest';
import { createEventsToken, startEventServer } from '../../../src/events/index.js';
import type { EventServer, EventServerOptions } from '../../../src/events/index.js';
import type { RawClient } from './raw-client.js';

export interface Harness {
  start(options?: Partial<EventServerOptions>): Promise<EventServer & { token: string }>;
  track(client: RawClient): RawClient;
}

export function useEventServer(): Harness {
  const servers: EventServer[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    async start(options = {}) {
      const token = createEventsToken();
      const server = await startEventServer({ port: 0, token, ...options });
      servers.push(server);
      return { ...server, token };
    },
    track(client) {
      clients.push(client);
      return client;
    },
  };
}
