/**
 * Runs a command as a child process whose output goes, line by line, to the
 * log hub. Both pipes are always read; when the hub is congested (a slow
 * terminal) the pipes are paused, so netra's memory stays bounded and the
 * child waits instead of lines being dropped.
 */
import type { LogHub } from '../../logs/index.js';
import type { CommandLine, ProcessHandle } from '../../process/index.js';
import type { ServiceInstance, StartContext } from './types.js';
import type { Readable } from 'node:stream';
import { stat } from 'node:fs/promises';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The process could not be started at all (missing command or working directory). */
export class SpawnFailed extends Error {}

export async function spawnService(ctx: StartContext, command: CommandLine): Promise<ServiceInstance> {
  // Checked first: the OS reports a missing cwd as ENOENT of the command, which misleads.
  if (!(await isDirectory(ctx.service.cwd))) {
    throw new SpawnFailed(`working directory does not exist: ${ctx.service.cwd}`);
  }
  const handle = ctx.processes.spawn({ command, cwd: ctx.service.cwd, env: ctx.env, marker: ctx.marker });
  if (handle.pid === undefined) {
    const exit = await handle.exited;
    throw new SpawnFailed(exit.spawnError ?? 'the process did not start');
  }
  pipeToHub(handle, ctx.service.name, ctx.hub);
  return {
    pid: handle.pid,
    startTime: handle.startTime,
    exited: handle.exited,
    stop: async (options) => ({ killed: (await handle.stop(options)).killed }),
    kill: () => handle.kill(),
  };
}

export function pipeToHub(handle: ProcessHandle, service: string, hub: LogHub): void {
  const streams: [Readable, 'stdout' | 'stderr'][] = [
    [handle.stdout, 'stdout'],
    [handle.stderr, 'stderr'],
  ];
  let waitingForDrain = false;
  const resumeAll = (): void => {
    waitingForDrain = false;
    for (const [stream] of streams) stream.resume();
  };
  for (const [stream, name] of streams) {
    // Bytes all the way: the hub splits and writes lines without decoding them.
    const input = hub.input(service, name);
    stream.on('data', (chunk: Buffer) => {
      input.push(chunk);
      if (hub.congested && !waitingForDrain) {
        waitingForDrain = true;
        for (const [other] of streams) other.pause();
        const off = hub.onDrain(() => {
          off();
          resumeAll();
        });
      }
    });
    stream.on('end', () => input.end());
    // A read error on a pipe must not crash netra; the exit is reported by the process.
    stream.on('error', () => undefined);
  }
}
