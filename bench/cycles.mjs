// Issue 5 benchmark: 100 up/down cycles of a 5-service stack whose services have
// grandchildren (one in the service's group, one detached), netra vs concurrently@9
// in one run. Reports time per cycle (median) and what is left after all cycles:
// processes carrying the run's env marker, listening ports of the stack, lock files.
//   npm run build && node bench/cycles.mjs      (env: BENCH_CYCLES, default 100)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPidsWithEnv } from '../dist/shared/proc-info.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const netraBin = join(here, '..', 'bin', 'netra.js');
const concurrentlyBin = join(here, 'node_modules', 'concurrently', 'dist', 'bin', 'concurrently.js');
const grandchildren = join(here, '..', 'tests', 'fixtures', 'services', 'spawn-grandchildren.mjs');
const cycles = Number(process.env.BENCH_CYCLES ?? 100);
const MARKER = 'NETRA_BENCH_MARKER';
const basePort = 47100;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const portOpen = (port) =>
  new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** Five services: each spawns an attached and a detached grandchild and listens on a fixed port. */
function serviceArgv(index) {
  return [process.execPath, '-e', `
    require('child_process').spawn(process.execPath, [${JSON.stringify(grandchildren)}], { stdio: ['ignore', 'inherit', 'inherit'] });
    require('http').createServer((q, s) => s.end('ok')).listen(${basePort + index}, '127.0.0.1', () => console.log('svc${index} ready'));
  `];
}

function runUntil(argv, cwd, marker, readyCount, stopSignal) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, NO_COLOR: '1', CI: 'true', [MARKER]: marker }, stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (/svc\d ready|netra › svc\d: ready in/.test(line)) seen += 1;
      if (seen >= readyCount && stopSignal && !child.killed) child.kill(stopSignal);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - started, code }));
  });
}

async function bench(name, argvFor) {
  const dir = mkdtempSync(join(tmpdir(), `netra-bench-cycles-${name}-`));
  const marker = randomUUID();
  const times = [];
  for (let i = 0; i < cycles; i += 1) {
    const { argv, readyCount, stopSignal } = argvFor(dir);
    const result = await runUntil(argv, dir, marker, readyCount, stopSignal);
    times.push(result.ms);
    // Wait for the ports to be free before the next cycle (a launcher that leaves them taken fails there).
    for (let p = 0; p < 5; p += 1) while (await portOpen(basePort + p)) await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 2000));
  const leftovers = findPidsWithEnv(MARKER, marker);
  const openPorts = [];
  for (let p = 0; p < 5; p += 1) if (await portOpen(basePort + p)) openPorts.push(basePort + p);
  const lockLeft = existsSync(join(dir, '.netra', 'lock'));
  for (const pid of leftovers) try { process.kill(pid, 'SIGKILL'); } catch {}
  rmSync(dir, { recursive: true, force: true });
  return { name, cycles, medianMs: median(times), leftovers: leftovers.length, openPorts: openPorts.length, lockLeft };
}

const services = Object.fromEntries([0, 1, 2, 3, 4].map((i) => [`svc${i}`, { command: serviceArgv(i), ready: { tcp: basePort + i } }]));
const netra = await bench('netra', (dir) => {
  writeFileSync(join(dir, 'launcher.config.ts'), `import { defineConfig } from 'netra';\nexport default defineConfig(${JSON.stringify({ services })});\n`);
  return { argv: [process.execPath, netraBin, 'dev', 'up', '--exit-when-ready'], readyCount: Infinity, stopSignal: undefined };
});
const concurrently = await bench('concurrently', () => ({
  argv: [process.execPath, concurrentlyBin, '--kill-others', '--kill-signal', 'SIGTERM', ...[0, 1, 2, 3, 4].map((i) => serviceArgv(i).map((p) => JSON.stringify(p)).join(' '))],
  readyCount: 5,
  stopSignal: 'SIGINT',
}));
console.table([netra, concurrently]);
console.log(`time per cycle, netra / concurrently: ${(netra.medianMs / concurrently.medianMs).toFixed(2)} (netra waits for real readiness and stops in dependency order)`);
