/**
 * `.netra/state.json`: the running stack as CLI.md describes it, rewritten
 * atomically (write + rename) at most once per tick however many services
 * change state at once.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/fs.js';
import type { Supervisor } from './supervisor.js';

export interface StackStateFile {
  pid: number;
  /** The environment marker (NETRA_STACK_ID) of every process of the stack. */
  stackId: string;
  startedAt: string;
  services: Record<
    string,
    {
      name: string;
      state: string;
      pid: number | null;
      port: number | null;
      url: string | null;
      restarts: number;
      readyAt: string | null;
      timeToReadyMs: number | null;
    }
  >;
}

export function snapshotState(supervisor: Supervisor, startedAt: Date): StackStateFile {
  const services: StackStateFile['services'] = {};
  for (const controller of supervisor.controllers.values()) {
    const state = controller.state;
    const endpoint = supervisor.endpoint(controller.name);
    services[controller.name] = {
      name: controller.name,
      state: state.id,
      pid: controller.pid ?? null,
      port: endpoint?.port ?? null,
      url: endpoint?.url ?? null,
      restarts: controller.restarts,
      readyAt: state.id === 'ready' ? new Date(state.readyAt).toISOString() : null,
      timeToReadyMs: state.id === 'ready' ? state.timeToReadyMs : null,
    };
  }
  return { pid: process.pid, stackId: supervisor.stackId, startedAt: startedAt.toISOString(), services };
}

export class StateFileWriter {
  private scheduled = false;
  /** Set by remove(): a write scheduled before it (or any later) must not bring the file back. */
  private removed = false;
  private writing: Promise<void> = Promise.resolve();
  private readonly path: string;

  constructor(
    stateDir: string,
    private readonly snapshot: () => StackStateFile,
    private readonly onError: (message: string) => void,
  ) {
    this.path = join(stateDir, 'state.json');
  }

  schedule(): void {
    if (this.scheduled || this.removed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.removed) return;
      const content = `${JSON.stringify(this.snapshot(), null, 2)}\n`;
      this.writing = this.writing
        .then(() => writeFileAtomic(this.path, content))
        .catch((error: unknown) => this.onError(`cannot write ${this.path}: ${(error as Error).message}`));
    });
  }

  async flush(): Promise<void> {
    await this.writing;
  }

  async remove(): Promise<void> {
    this.removed = true;
    await this.writing;
    await rm(this.path, { force: true });
  }
}
