/**
 * netra's own demo stack (`npm run dev`): an embedded PostgreSQL (PGlite) and
 * a small chat backend that stores messages in it.
 */
import { defineConfig } from 'netra';

export default defineConfig({
  services: {
    db: {
      kind: 'pglite',
      port: 'auto',
      migrations: 'examples/chat-backend/migrations',
    },
    backend: {
      command: ['node', '--import', 'jiti/register', 'examples/chat-backend/server.ts'],
      port: 'auto',
      env: { LOG_LEVEL: 'info' },
      dependsOn: ['db'],
      ready: { http: 'http://127.0.0.1:${PORT}/health/ready', timeout: 30_000, interval: 100 },
      restart: { policy: 'on-failure', maxRestarts: 3, backoff: { initial: 250, max: 5_000 } },
      stop: { signal: 'SIGTERM', grace: 5_000 },
    },
  },
});
