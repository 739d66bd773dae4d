import type { EventsErrorCode } from '../protocol.js';

/** Why a client call failed: a server `error` code, or a transport reason. */
export type ClientErrorCode = EventsErrorCode | 'closed' | 'connect_failed' | 'http_error';

export class EventsClientError extends Error {
  readonly code: ClientErrorCode;
  /** The WebSocket close code when the connection ended the call. */
  readonly closeCode: number | undefined;

  constructor(code: ClientErrorCode, message: string, closeCode?: number) {
    super(message);
    this.name = 'EventsClientError';
    this.code = code;
    this.closeCode = closeCode;
  }
}
