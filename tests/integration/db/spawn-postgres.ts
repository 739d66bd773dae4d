/** Test helper: prepares and runs a real PostgreSQL server as the supervisor would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { findPostgresBinaries, preparePostgres, waitForPostgres, type PreparedPostgres } from '../../../src/db/index.js';

export async function postgresAvailable(): Promise<boolean> {
  try {
    await findPostgresBinaries();
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningPostgres {
  prepared: PreparedPostgres;
  child: ChildProcess;
  output: () => string;
  /** Sends the prepared stop signal (fast shutdown) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export async function startPostgres(dataDir: string, port: number, database = 'postgres'): Promise<RunningPostgres> {
  const prepared = await preparePostgres({ dataDir, port, database });
  const [file, ...args] = prepared.command;
  // Its own process group, as under the supervisor: SIGKILL reaches the server's children too.
  const child = spawn(file!, args, { env: { ...process.env, ...prepared.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const running: RunningPostgres = {
    prepared,
    child,
    output: () => out,
    async stop(signal = prepared.stopSignal) {
      if (child.exitCode === null && child.signalCode === null) {
        if (signal === 'SIGKILL') process.kill(-child.pid!, 'SIGKILL');
        else child.kill(signal);
      }
      return exited;
    },
  };
  const gone = exited.then((code) => {
    throw new Error(`postgres exited with ${String(code)} before ready:\n${out}`);
  });
  gone.catch(() => undefined);
  const adminUrl = new URL(prepared.databaseUrl);
  adminUrl.pathname = '/postgres';
  try {
    await Promise.race([waitForPostgres(adminUrl.toString(), { timeout: 30_000, interval: 100 }), gone]);
  } catch (error) {
    await running.stop('SIGKILL');
    throw error;
  }
  return running;
}
