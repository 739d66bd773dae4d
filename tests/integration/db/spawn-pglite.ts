/** Test helper: runs the pglite server script as a real child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { pgliteServerCommand } from '../../../src/db/index.js';

export interface RunningPglite {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

export async function startPglite(dataDir: string, extra: string[] = [], timeoutMs = 60_000): Promise<RunningPglite> {
  const [node, ...args] = pgliteServerCommand();
  // A cwd without netra's node_modules, as a user's project: the command must not depend on it.
  const child = spawn(node!, [...args, '--data-dir', dataDir, '--port', '0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: tmpdir(),
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
  });
  const url = await new Promise<string>((resolve, reject) => {
    let found: string | undefined;
    const timer = setTimeout(() => reject(new Error(`pglite-server not ready in ${timeoutMs} ms: ${err}`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('DATABASE_URL=')) found = line.slice('DATABASE_URL='.length);
      if (line === 'ready' && found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`pglite-server exited with ${String(code)} before ready: ${err}`));
    });
  });
  return {
    child,
    url,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
