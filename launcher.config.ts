/**
 * netra's own demo stack (`npm run dev`): an embedded PostgreSQL (PGlite),
 * netra's chat event server, and a small chat backend that stores messages
 * and publishes each demo agent run through the event server.
 */
import { defineConfig } from 'netra';

export default defineConfig({
  services: {
    db: {
      kind: 'pglite',
      port: 'auto',
      migrations: 'examples/chat-backend/migrations',
    },
    events: {
      kind: 'events',
      port: 'auto',
      // `netra events verify` drives one real run through this endpoint.
      verify: { trigger: '${services.backend.url}/api/chat' },
    },
    backend: {
      command: ['node', '--import', 'jiti/register', 'examples/chat-backend/server.ts'],
      port: 'auto',
      env: { LOG_LEVEL: 'info' },
      dependsOn: ['db', { service: 'events', condition: 'ready' }],
      ready: { http: 'http://127.0.0.1:${PORT}/health/ready', timeout: 30_000, interval: 100 },
      restart: { policy: 'on-failure', maxRestarts: 3, backoff: { initial: 250, max: 5_000 } },
      stop: { signal: 'SIGTERM', grace: 5_000 },
      watch: { paths: ['examples/chat-backend/**/*.ts'], debounce: 200 },
    },
  },
});
