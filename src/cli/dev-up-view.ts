/**
 * The start-up task list of `dev up`: one listr2 task per service with its
 * state and time to ready; the default renderer on a TTY, a plain one when
 * not a TTY or CI=true (never redraws there). Drawn on stderr: stdout is the
 * services' log stream.
 */
import type { ListrLogger, ProcessOutput } from 'listr2';
import type { DevUpSession, ServiceState, SetupStepStatus } from '../supervisor/index.js';
import { describeFailure, formatMs } from '../supervisor/index.js';

export function isInteractive(): boolean {
  return Boolean(process.stderr.isTTY) && process.env['CI'] !== 'true' && process.env['CI'] !== '1';
}

export async function showStartup(session: DevUpSession): Promise<void> {
  // Loaded here, after startDevUp() returned: the services spawn while listr2 loads.
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const interactive = isInteractive();
  const setupTasks = session.setupSteps.map((id) => ({
    title: `setup ${id}`,
    task: (_ctx: unknown, task: { title: string; skip(message?: string): void }) =>
      new Promise<void>((resolve, reject) => {
        const update = (stepId: string, status: SetupStepStatus): void => {
          if (stepId !== id) return;
          switch (status.id) {
            case 'pending':
              return;
            case 'running':
              task.title = `setup ${id}: running (${status.reason})`;
              return;
            case 'skipped':
              session.setup.off('step', update);
              task.skip(`setup ${id}: unchanged since ${status.since}`);
              return resolve();
            case 'done':
              session.setup.off('step', update);
              task.title = `setup ${id}: done in ${formatMs(status.ms)}`;
              return resolve();
            case 'failed':
              session.setup.off('step', update);
              return reject(new Error(`setup ${id}: ${status.message}`));
          }
        };
        session.setup.on('step', update);
        void session.finished.then(() => {
          session.setup.off('step', update);
          resolve();
        });
      }),
  }));
  const list = new Listr(
    [...setupTasks, ...session.services.map((name) => ({
      title: name,
      task: (_ctx: unknown, task: { title: string; skip(message?: string): void }) =>
        new Promise<void>((resolve, reject) => {
          const update = (service: string, state: ServiceState): void => {
            if (service !== name) return;
            const settled = render(name, state, task);
            if (settled === 'done') finish(resolve);
            else if (settled === 'failed') finish(() => reject(new Error(describeFailed(state))));
          };
          const finish = (fn: () => void): void => {
            session.supervisor.off('state', update);
            fn();
          };
          session.supervisor.on('state', update);
          const current = session.supervisor.controllers.get(name)?.state;
          if (current) update(name, current);
        }),
    }))],
    {
      concurrent: true,
      exitOnError: false,
      renderer: interactive ? 'default' : 'simple',
      fallbackRenderer: 'simple',
      // Our own signal handling runs the shutdown path; listr2's would process.exit(127).
      registerSignalListeners: false,
      rendererOptions: { logger: stderrLogger(ListrLogger, ProcessOutput) },
      fallbackRendererOptions: { logger: stderrLogger(ListrLogger, ProcessOutput) },
    } as ConstructorParameters<typeof Listr>[1],
  );
  await list.run().catch(() => undefined);
}

function render(name: string, state: ServiceState, task: { title: string; skip(message?: string): void }): 'done' | 'failed' | 'pending' {
  switch (state.id) {
    case 'pending':
    case 'waiting':
      task.title = state.id === 'waiting' && state.for.length > 0 ? `${name}: waiting for ${state.for.join(', ')}` : name;
      return 'pending';
    case 'starting':
      task.title = `${name}: starting${state.pid === undefined ? '' : ` (pid ${state.pid})`}`;
      return 'pending';
    case 'backoff':
      task.title = `${name}: ${state.lastExit}, restart ${state.attempt} pending`;
      return 'pending';
    case 'ready':
      task.title = `${name}: ready in ${formatMs(state.timeToReadyMs)}`;
      return 'done';
    case 'completed':
      task.title = `${name}: completed`;
      return 'done';
    case 'stopping':
    case 'stopped':
      task.skip(`${name}: stopped`);
      return 'done';
    case 'failed':
      task.title = `${name}: failed`;
      return 'failed';
  }
}

function describeFailed(state: ServiceState): string {
  return state.id === 'failed' ? describeFailure(state.reason) : state.id;
}

/** Progress goes to stderr: stdout is the services' log stream (CLI.md). */
function stderrLogger(Logger: typeof ListrLogger, Output: typeof ProcessOutput): ListrLogger {
  return new Logger({ processOutput: new Output(process.stderr, process.stderr) });
}
