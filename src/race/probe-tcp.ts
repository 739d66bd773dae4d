import { connect } from 'node:net';

/**
 * One TCP readiness attempt: resolves once a connection is established, then
 * closes it. Rejects with the connect error, or with the signal's reason when
 * aborted (the socket is destroyed first, so nothing leaks).
 */
export function probeTcp(host: string, port: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = connect({ host, port });
    const finish = (error?: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      // A late 'error' after destroy must not become an unhandled event.
      socket.on('error', () => {});
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => finish(signal.reason);
    socket.once('connect', () => finish());
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(new Error(`connect to ${host}:${port} failed: ${error.code ?? error.message}`)),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
