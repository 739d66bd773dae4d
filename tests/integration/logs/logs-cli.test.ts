import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogHub } from '../../../src/logs/index.js';
import { Collector, makeTempDir } from './helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

// Runs the built CLI, as users do: `npm test` builds first.
const bin = fileURLToPath(new URL('../../../bin/netra.js', import.meta.url));
const built = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(built)) throw new Error('dist/ is missing: run `npm run build` first');
});

async function project(): Promise<{ root: string; logDir: string }> {
  const { dir, cleanup } = await makeTempDir();
  cleanups.push(cleanup);
  await writeFile(join(dir, 'launcher.config.mjs'), 'export default { services: { api: { command: ["node", "x.js"] }, db: { command: ["node", "db.js"] } } };\n');
  const logDir = join(dir, '.netra', 'logs');
  await mkdir(logDir, { recursive: true });
  return { root: dir, logDir };
}

function run(args: string[], cwd: string) {
  const child = spawn(process.execPath, [bin, '--no-color', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'close').then(([code]) => code as number | null);
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exit;
  });
  return { child, exit, out: () => stdout, err: () => stderr };
}

async function writeSome(logDir: string, lines: Record<string, string[]>): Promise<void> {
  let t = Date.UTC(2026, 0, 1);
  const hub = createLogHub({ logDir, services: Object.keys(lines), stdout: new Collector(), stderr: new Collector(), color: false, now: () => new Date((t += 1000)) });
  const max = Math.max(...Object.values(lines).map((l) => l.length));
  for (let i = 0; i < max; i += 1) for (const [service, list] of Object.entries(lines)) if (list[i] !== undefined) hub.write(service, 'stdout', list[i] as string);
  await hub.close();
}

describe('netra logs', () => {
  it('prints the merged tail with aligned prefixes, from a subfolder of the project', async () => {
    const { root, logDir } = await project();
    await writeSome(logDir, { api: ['a1', 'a2'], worker: ['w1', 'ERROR: w2'] });
    await mkdir(join(root, 'sub'));
    const r = run(['logs', '-n', '1'], join(root, 'sub'));
    expect(await r.exit).toBe(0);
    expect(r.out()).toBe('api    | a2\nworker | ERROR: w2\n');
    const json = run(['logs', 'worker', '--json', '--level', 'error'], root);
    expect(await json.exit).toBe(0);
    expect(JSON.parse(json.out())).toMatchObject({ service: 'worker', line: 'ERROR: w2', seq: 2, stream: 'stdout' });
    const bare = run(['logs', '--no-prefix', '--grep', '^a', '--cwd', root], '/');
    expect(await bare.exit).toBe(0);
    expect(bare.out()).toBe('a1\na2\n');
  });

  it('exits 2 naming the problem for an unknown service or a bad flag', async () => {
    const { root, logDir } = await project();
    await writeSome(logDir, { api: ['a1'] });
    const cases: [string[], RegExp][] = [
      [['logs', 'nope'], /unknown service "nope"/],
      [['logs', '--since', 'yesterday'], /--since/],
      [['logs', '--grep', '('], /--grep/],
      [['logs', '--level', 'loud'], /--level/],
      [['logs', '--tail', 'many'], /--tail/],
      [['logs', '--stream', 'stdin'], /--stream/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, root);
      expect(await r.exit, args.join(' ')).toBe(2);
      expect(r.err()).toMatch(message);
    }
    // A configured service that has not logged yet is not unknown.
    const configured = run(['logs', 'db'], root);
    expect(await configured.exit).toBe(0);
  });

  it('follows new lines until Ctrl+C, then exits 0', async () => {
    const { root, logDir } = await project();
    await writeSome(logDir, { api: ['before'] });
    const r = run(['logs', '-f', 'api'], root);
    await waitFor(() => r.out().includes('before'), 'the tail', 15_000);
    const hub = createLogHub({ logDir, services: ['api'], stdout: new Collector(), stderr: new Collector(), color: false });
    hub.write('api', 'stdout', 'after');
    await hub.close();
    await waitFor(() => r.out().includes('after'), 'the new line', 15_000);
    r.child.kill('SIGINT');
    expect(await r.exit).toBe(0);
    expect(r.out()).toBe('api | before\napi | after\n');
  });

  it('stops quietly when its reader goes away (| head)', async () => {
    const { root, logDir } = await project();
    await writeSome(logDir, { api: Array.from({ length: 20_000 }, (_, i) => `line ${i}`) });
    const r = run(['logs', '--tail', 'all'], root);
    await waitFor(() => r.out().length > 0, 'the first lines', 15_000);
    r.child.stdout.destroy();
    expect(await r.exit).toBe(0);
    expect(r.err()).not.toMatch(/internal error|EPIPE/);
  });

  it('ends a follow on SIGTERM with exit 0', async () => {
    const { root, logDir } = await project();
    await writeSome(logDir, { api: ['x'] });
    const r = run(['logs', '--follow'], root);
    await waitFor(() => r.out().includes('x'), 'the tail', 15_000);
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
  });
});
