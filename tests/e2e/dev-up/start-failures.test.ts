/**
 * Failures before or at start: a fixed port already taken (exit 2, nothing
 * started, the holder left alone), a missing working directory, a shell
 * command failing, a service exiting before it is ready.
 */
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { nodeFixture } from '../../helpers/fixtures.js';
import { isPortOpen } from '../../helpers/ports.js';
import { runNetra } from '../../helpers/run-netra.js';
import { projectForTest } from '../../helpers/temp-project.js';

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

describe.concurrent('dev up start failures', () => {
  it('a fixed port already in use: exit 2 naming the port and service, nothing started, the holder untouched', async (ctx) => {
    const { server, port } = await listen();
    ctx.onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const project = await projectForTest(ctx, {
      services: {
        other: { command: nodeFixture('print-ready-then-hang.mjs', 'up', 'other.started') },
        api: { command: nodeFixture('listen-on-port.mjs'), port },
      },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(String(port));
    expect(result.stderr).toContain('api');
    expect(result.leftovers).toEqual([]);
    expect(project.hasLock()).toBe(false);
    expect((await project.readLog('other')).length).toBe(0);
    expect(await isPortOpen(port)).toBe(true);
  });

  // Regression: a failed spawn (here: a missing cwd) was once reported "ready", and
  // the error said "command not found: node" when the directory was missing.
  it('a working directory that does not exist: exit 1 naming the directory, nothing left', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { svc: { command: nodeFixture('forever.mjs'), cwd: 'no/such/dir' } },
    });
    const result = await runNetra(['dev', 'up', '--exit-when-ready'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('svc: could not start: working directory does not exist:');
    expect(result.stderr).toContain('no/such/dir');
    expect(result.stderr).not.toMatch(/svc: ready in/);
    expect(result.leftovers).toEqual([]);
  });

  it('a shell string command runs through the shell, and its exit code is reported', async (ctx) => {
    const project = await projectForTest(ctx, {
      services: { sh: { command: 'echo "from the shell: $((6 * 7))" && exit 3', ready: { log: 'never' } } },
    });
    const result = await runNetra(['dev', 'up'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^sh\s*\| from the shell: 42$/m);
    expect(result.stderr).toContain('sh: exited with code 3');
  });
});
