/**
 * Issue 5 end to end: zero orphans even when netra is SIGKILLed, one owner
 * per port, and the control plane against a detached stack.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { isPortOpen } from '../../helpers/ports.js';
import { runNetra, startNetra } from '../../helpers/run-netra.js';
import { killMarkedProcesses, liveMarkedProcesses, newMarker, MARKER_NAME } from '../../helpers/stack-processes.js';
import { projectForTest } from '../../helpers/temp-project.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('zero orphans', () => {
  it('SIGKILL of netra: every process of the stack is gone within 2 s, a foreign process is untouched', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        tree: { command: nodeFixture('spawn-grandchildren.mjs'), ready: { log: '^grandchildren ready$' } },
        api: { command: nodeFixture('listen-on-port.mjs'), port: 'auto', dependsOn: ['tree'] },
      },
    });
    // A foreign process that shares the test marker but was not started by netra.
    const foreignMarker = newMarker();
    const foreign = spawn(process.execPath, nodeFixture('forever.mjs', 'foreign').slice(1), {
      env: { ...process.env, [MARKER_NAME]: foreignMarker },
      stdio: 'ignore',
    });
    ctx.onTestFinished(() => void foreign.kill('SIGKILL'));
    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 45_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › api: ready in/);
    const port = Number((await netra.waitForLine('stdout', /^api\s+\| listening (\d+)$/))[1]);
    expect(liveMarkedProcesses(netra.marker).length).toBeGreaterThanOrEqual(4);

    netra.signal('SIGKILL');
    await netra.exited;
    // The watchdog's own budget is under a second (bench/ measures it); the wait here only bounds a hang.
    await waitFor(() => liveMarkedProcesses(netra.marker).length === 0, 'the stack to be gone', 10_000);
    expect(liveMarkedProcesses(netra.marker)).toEqual([]);
    expect(await isPortOpen(port)).toBe(false);
    expect(liveMarkedProcesses(foreignMarker).map((p) => p.pid)).toEqual([foreign.pid]);

    // The next dev up takes over the stale lock with a warning and runs normally.
    const next = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir, timeout: 45_000 });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/stale|took over|taken over/i);
  });
});

describe('one owner per port', () => {
  it('a fixed port held by a foreign process: exit 2 naming the holder, which stays alive, and nothing started', async (ctx) => {
    const marker = newMarker();
    const holder = spawn(process.execPath, [...nodeFixture('listen-on-port.mjs').slice(1)], {
      env: { ...process.env, PORT: '0', [MARKER_NAME]: marker },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    ctx.onTestFinished(() => void killMarkedProcesses(marker));
    const port = await new Promise<number>((resolve) => {
      let buffer = '';
      holder.stdout!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const match = /listening (\d+)/.exec(buffer);
        if (match) resolve(Number(match[1]));
      });
    });
    const project = await projectForTest(ctx, {
      services: {
        first: { command: nodeFixture('forever.mjs', 'first'), port: 'auto' },
        web: { command: nodeFixture('listen-on-port.mjs'), port },
      },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir, timeout: 30_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`services.web.port: ${port} is in use`);
    expect(result.stderr).toContain(`pid ${holder.pid}`);
    expect(liveMarkedProcesses(marker).map((p) => p.pid)).toEqual([holder.pid]);
    expect(liveMarkedProcesses(result.marker)).toEqual([]);
    expect(project.hasLock()).toBe(false);
  });
});

describe('control plane against a detached stack', () => {
  it('dev up --detach, then status --json, restart, and down', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        api: { command: nodeFixture('listen-on-port.mjs'), port: 'auto' },
        worker: { command: nodeFixture('forever.mjs', 'worker'), dependsOn: ['api'] },
      },
    });
    const marker = newMarker();
    const env = { [MARKER_NAME]: marker };
    ctx.onTestFinished(() => void killMarkedProcesses(marker));
    const up = await runNetra(['dev', 'up', '--detach'], { cwd: project.dir, env, timeout: 45_000 });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain('netra dev down');

    const status = await runNetra(['dev', 'status', '--json'], { cwd: project.dir, env });
    expect(status.code, status.stderr).toBe(0);
    const body = JSON.parse(status.stdout) as { services: Record<string, { state: string; pid: number }> };
    expect(body.services['api']?.state).toBe('ready');
    expect(body.services['worker']?.state).toBe('ready');
    const apiPid = body.services['api']!.pid;

    const restart = await runNetra(['dev', 'restart', 'api'], { cwd: project.dir, env });
    expect(restart.code, restart.stderr).toBe(0);
    const after = JSON.parse((await runNetra(['dev', 'status', '--json'], { cwd: project.dir, env })).stdout) as typeof body;
    expect(after.services['api']?.pid).not.toBe(apiPid);
    expect(liveMarkedProcesses(marker).some((p) => p.pid === apiPid)).toBe(false);

    const unknown = await runNetra(['dev', 'restart', 'nope'], { cwd: project.dir, env });
    expect(unknown.code).toBe(2);

    const down = await runNetra(['dev', 'down'], { cwd: project.dir, env, timeout: 45_000 });
    expect(down.code, down.stderr).toBe(0);
    expect(liveMarkedProcesses(marker)).toEqual([]);
    expect(project.hasLock()).toBe(false);
    const noStack = await runNetra(['dev', 'status'], { cwd: project.dir, env });
    expect(noStack.code).toBe(1);
  });
});

describe('file watching', () => {
  it('a burst of changes to watched files gives exactly one restart', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: {
        app: {
          command: nodeFixture('forever.mjs', 'app'),
          watch: { paths: ['src/**'], debounce: 300 },
        },
      },
    });
    await project.writeFile('src/a.txt', 'initial');
    const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 45_000 });
    ctx.onTestFinished(() => netra.dispose());
    await netra.waitForLine('stderr', /netra › app: ready in/);
    for (let i = 0; i < 30; i += 1) await project.writeFile(`src/file-${i % 5}.txt`, `change ${i}`);
    await waitFor(() => (netra.stderr().match(/netra › app: ready in/g) ?? []).length >= 2, 'the restart', 20_000);
    // Quiet period: the debounced burst must not have queued a second restart.
    netra.signal('SIGTERM');
    const exit = await netra.exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(exit.stderr.match(/netra › app: restarting/g)?.length).toBe(1);
    const records = await project.readLog('app');
    expect(records.filter((r) => r.stream === 'netra' && r.line === 'restarting')).toHaveLength(1);
    expect(readFileSync(project.path('src/file-4.txt'), 'utf8')).toBe('change 29');
  });
});
