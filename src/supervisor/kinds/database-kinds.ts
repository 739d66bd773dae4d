/**
 * Database kinds. `pglite` runs netra's PGlite server script as a child of
 * its own (a busy database never stalls netra's event loop); `external` only
 * waits for a database someone else runs. Both are ready when a real client
 * answers `SELECT 1`, and give dependents `DATABASE_URL`.
 * The database module (pg, PGlite) is loaded only when a database kind runs:
 * it would cost every `dev up` a second of start-up otherwise.
 */
import { mkdir, stat } from 'node:fs/promises';
// Deep import on purpose: the db index loads pg, which only database kinds need (loadDb below).
import { databaseUrl } from '../../db/url.js';
import { join, relative, sep } from 'node:path';
import type { ResolvedService } from '../../config/resolved.js';
import { envName } from '../environment.js';
import { spawnService } from './child-process.js';
import { configuredProbe } from './process-kind.js';
import type { KindRunner, StartContext } from './types.js';

const loadDb = () => import('../../db/index.js');

/** A `SELECT 1` probe through a real client. */
function selectOne(url: string) {
  return {
    kind: 'custom' as const,
    name: 'postgres SELECT 1',
    check: async (signal: AbortSignal) => (await loadDb()).checkPostgres(url, signal),
  };
}

function databaseEndpoint(service: ResolvedService, port: number | undefined) {
  const host = service.connectHost;
  const url = port === undefined ? undefined : databaseUrl({ host, port, database: service.database });
  return { host, port, url };
}

function databaseExports(service: ResolvedService, url: string | undefined, port: number | undefined) {
  if (url === undefined) return {};
  const name = envName(service.name);
  return {
    DATABASE_URL: url,
    [`NETRA_${name}_URL`]: url,
    ...(port === undefined ? {} : { [`NETRA_${name}_PORT`]: String(port) }),
  };
}

export const pgliteKind: KindRunner = {
  async start(ctx) {
    if (ctx.port === undefined) throw new Error('a pglite service needs a port');
    await mkdir(ctx.service.dataDir, { recursive: true });
    const { pgliteServerCommand } = await loadDb();
    return spawnService(ctx, [
      ...pgliteServerCommand(),
      '--data-dir',
      ctx.service.dataDir,
      '--port',
      String(ctx.port),
      '--host',
      ctx.service.host,
      '--max-connections',
      String(ctx.service.maxConnections),
    ]);
  },
  probe(ctx, lines) {
    if (ctx.service.ready.probe && ctx.service.ready.probe.kind !== 'tcp') return configuredProbe(ctx, lines);
    return selectOne(databaseEndpoint(ctx.service, ctx.port).url ?? '');
  },
  afterReady: migrate,
  endpoint: databaseEndpoint,
  exports(service, port) {
    return databaseExports(service, databaseEndpoint(service, port).url, port);
  },
};

/**
 * Creates the database if missing and applies the service's migrations
 * before it counts as ready; skipped by the cache while neither the
 * migration files nor the database's data folder changed.
 */
async function migrate(ctx: StartContext): Promise<void> {
  const url = databaseEndpoint(ctx.service, ctx.port).url;
  if (url === undefined) return;
  const migrations = ctx.service.migrations;
  const work = async (): Promise<void> => {
    const { setupDatabase } = await loadDb();
    const { created, migrations: result } = await setupDatabase({ databaseUrl: url, migrations });
    if (created) ctx.hub.netra(ctx.service.name, `created database ${ctx.service.database}`);
    if (migrations === undefined) return;
    ctx.hub.netra(
      ctx.service.name,
      result.applied.length > 0
        ? `applied migrations: ${result.applied.join(', ')}`
        : `migrations up to date (${result.skipped.length})`,
    );
  };
  const identity = await dataDirIdentity(ctx.service.dataDir);
  if (identity === undefined) return work();
  const ran = await ctx.cached(
    {
      name: 'migrations',
      inputs: migrations === undefined ? [] : [`${relative(ctx.root, migrations).split(sep).join('/')}/**`],
      values: { database: ctx.service.database, dataDir: identity },
    },
    work,
  );
  if (!ran) ctx.hub.netra(ctx.service.name, 'database and migrations unchanged (cached)');
}

/** Which cluster this is: a data folder deleted and created anew gets another inode and birth time. */
async function dataDirIdentity(dataDir: string): Promise<string | undefined> {
  try {
    const info = await stat(dataDir);
    return `${info.ino}:${Math.round(info.birthtimeMs)}`;
  } catch {
    return undefined;
  }
}

/** Kind `postgres`: the system's PostgreSQL, initdb'd once into .netra/postgres/<service>. */
export const postgresKind: KindRunner = {
  async start(ctx) {
    if (ctx.port === undefined) throw new Error('a postgres service needs a port');
    const { preparePostgres } = await loadDb();
    const prepared = await preparePostgres({
      dataDir: ctx.service.dataDir,
      port: ctx.port,
      host: ctx.service.host,
      database: ctx.service.database,
      socketDir: join(ctx.stateDir, 'postgres-sockets', ctx.service.name),
    });
    if (prepared.initialized) ctx.hub.netra(ctx.service.name, `initialized a new cluster in ${ctx.service.dataDir}`);
    return spawnService({ ...ctx, env: { ...ctx.env, ...prepared.env } }, prepared.command);
  },
  probe(ctx, lines) {
    if (ctx.service.ready.probe && ctx.service.ready.probe.kind !== 'tcp') return configuredProbe(ctx, lines);
    // The maintenance database exists from initdb on; the app database is created in afterReady.
    return selectOne(databaseUrl({ host: databaseEndpoint(ctx.service, ctx.port).host, port: ctx.port ?? 0, database: 'postgres' }));
  },
  afterReady: migrate,
  endpoint: databaseEndpoint,
  exports(service, port) {
    return databaseExports(service, databaseEndpoint(service, port).url, port);
  },
};

export const externalKind: KindRunner = {
  async start() {
    // Nothing runs: the instance lives until it is stopped.
    let stop: () => void = () => undefined;
    const exited = new Promise<{ code: number; signal: null }>((resolve) => {
      stop = () => resolve({ code: 0, signal: null });
    });
    return { pid: undefined, startTime: undefined, exited, stop: async () => stop(), kill: () => stop() };
  },
  probe(ctx) {
    return selectOne(ctx.interpolate(ctx.service.url ?? '', `services.${ctx.service.name}.url`));
  },
  endpoint(service) {
    const url = service.url;
    let host = '127.0.0.1';
    let port: number | undefined;
    try {
      const parsed = new URL(url ?? '');
      host = parsed.hostname;
      port = parsed.port === '' ? 5432 : Number(parsed.port);
    } catch {
      // Validation reports a bad URL; discovery just has no port then.
    }
    return { host, port, url };
  },
  exports(service) {
    return databaseExports(service, service.url, externalKind.endpoint(service, undefined).port);
  },
};
