import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { publishHttp } from '../../../src/events/client/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts the CLI from source; `lines` yields stdout lines as they come. */
function netra(args: string[]): { child: ChildProcess; nextLine: () => Promise<string>; stderrMatch: (re: RegExp) => Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'jiti/register', 'src/cli/main.ts', ...args], {
    cwd: repo,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  const stderrMatch = (re: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = re.exec(stderr);
        if (m) resolve(m[0]);
        return m !== null;
      };
      if (check()) return;
      child.stderr!.on('data', () => check());
      child.once('exit', () => check() || reject(new Error(`exited without ${re}; stderr: ${stderr}`)));
    });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, exit, stderrMatch, nextLine: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}

describe('netra events serve and tail', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('serve writes the token and discovery; tail --json prints published events; Ctrl+C exits 0', async () => {
    const root = await realpath(await mkdtemp(join(tmpdir(), 'netra-events-cli-')));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    await writeFile(join(root, 'launcher.config.mjs'), 'export default {};\n');

    const serve = netra(['--cwd', root, 'events', 'serve', '--json']);
    cleanup.push(async () => {
      if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
      await serve.exit;
    });
    const info = JSON.parse(await serve.nextLine()) as { url: string; httpUrl: string; tokenFile: string };
    expect(info.tokenFile).toBe(join(root, '.netra', 'events.token'));
    const token = (await readFile(info.tokenFile, 'utf8')).trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const discovery = JSON.parse(await readFile(join(root, '.netra', 'discovery', 'events.json'), 'utf8')) as { wsUrl: string };
    expect(discovery.wsUrl).toBe(info.url);

    const tail = netra(['--cwd', root, 'events', 'tail', '--thread', 't1', '--json']);
    cleanup.push(async () => {
      if (tail.child.exitCode === null) tail.child.kill('SIGKILL');
      await tail.exit;
    });
    await tail.stderrMatch(/tailing thread t1/);
    const first = tail.nextLine();
    await publishHttp({ url: info.httpUrl, token, threadId: 't1', runId: 'r1', events: { event: 'agent_started', payload: { agentName: 'cli' } } });
    const event = JSON.parse(await first) as { type: string; threadId: string; event: string; payload: unknown };
    expect(event).toMatchObject({ type: 'event', threadId: 't1', event: 'agent_started', payload: { agentName: 'cli' } });

    tail.child.kill('SIGINT');
    expect(await tail.exit).toBe(0);
    serve.child.kill('SIGINT');
    expect(await serve.exit).toBe(0);
  }, 60_000);
});
