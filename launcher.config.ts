/**
 * netra's own demo stack (`npm run dev`): an embedded PostgreSQL (PGlite),
 * netra's chat event server, and a small chat backend that stores messages
 * and publishes each demo agent run through the event server.
 */
import { defineConfig } from 'netra';

const srcModules = ['cli', 'config', 'supervisor', 'process', 'logs', 'cache', 'race', 'events', 'imports', 'alerts', 'db', 'doctor', 'shared'];
/** Modules that import only src/shared (config types aside, which they import type-only from config). */
const leafModules = ['process', 'logs', 'cache', 'race', 'events', 'imports'];

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
  // `netra verify-imports` on this repository (CI runs it): the fixtures are broken on purpose,
  // and the module dependency rules of STYLE.md are boundaries.
  verifyImports: {
    ignore: ['tests/fixtures/**'],
    boundaries: [
      ...leafModules.map((module) => ({
        from: `src/${module}/**`,
        disallow: srcModules.filter((other) => other !== module && other !== 'shared').map((other) => `src/${other}/**`),
        message: `src/${module} may import only src/shared (STYLE.md §2)`,
      })),
      {
        from: 'src/shared/**',
        disallow: srcModules.filter((m) => m !== 'shared').map((m) => `src/${m}/**`),
        message: 'src/shared imports nothing else from src/',
      },
      ...srcModules
        .filter((module) => module !== 'cli')
        .map((module) => ({ from: `src/${module}/**`, disallow: ['src/cli/**'], message: 'nothing imports the CLI' })),
      { from: 'src/**', disallow: ['tests/**', 'examples/**'], message: 'the package never imports tests or examples' },
    ],
  },
});
