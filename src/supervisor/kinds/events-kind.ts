/**
 * Kind `events`: the chat event server runs inside the netra process (no
 * child), ready when listening. Dependents get NETRA_EVENTS_URL and
 * NETRA_EVENTS_TOKEN; the token is also in .netra/events.token (0600).
 */
import type { EventServer } from '../../events/index.js';
import type { ExitInfo } from '../../process/index.js';
import type { KindRunner } from './types.js';

export interface EventsKindState {
  token: string;
  /** The running server, for the alert manager and `publishSystem`. */
  server: EventServer | undefined;
  onServer?: (server: EventServer | undefined) => void;
}

export function createEventsKind(state: EventsKindState): KindRunner {
  const endpoint = (h: string, port: number | undefined) => {
    return {
      host: h,
      port,
      url: port === undefined ? undefined : `http://${h}:${port}`,
      wsUrl: port === undefined ? undefined : `ws://${h}:${port}/v1/events`,
    };
  };
  return {
    async start(ctx) {
      const { startEventServer } = await import('../../events/index.js');
      const server = await startEventServer({
        host: ctx.service.host,
        port: ctx.port ?? 0,
        token: state.token,
        allowedOrigins: [...ctx.service.allowedOrigins],
        ...(ctx.service.runTimeoutMs === undefined ? {} : { runTimeoutMs: ctx.service.runTimeoutMs }),
      });
      state.server = server;
      state.onServer?.(server);
      ctx.hub.netra(ctx.service.name, `chat event server listening on ${server.url}`);
      let resolveExit: (exit: ExitInfo) => void = () => undefined;
      const exited = new Promise<ExitInfo>((resolve) => (resolveExit = resolve));
      const stop = async (): Promise<void> => {
        state.server = undefined;
        state.onServer?.(undefined);
        await server.close();
        resolveExit({ code: 0, signal: null });
      };
      return { pid: undefined, startTime: undefined, exited, stop, kill: () => void stop() };
    },
    probe(ctx) {
      return { kind: 'http', url: `${endpoint(ctx.service.connectHost, ctx.port).url}/healthz` };
    },
    endpoint: (service, port) => endpoint(service.connectHost, port),
    exports(service, port): Record<string, string> {
      const ws = endpoint(service.connectHost, port).wsUrl;
      return ws === undefined ? {} : { NETRA_EVENTS_URL: ws, NETRA_EVENTS_TOKEN: state.token };
    },
  };
}
