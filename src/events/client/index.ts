/** `netra/events`: the typed client of the chat event server, for backends, UIs and the CLI. */
export { connectEvents, EventsClient } from './events-client.js';
export type {
  ConnectOptions,
  SubscribeOptions,
  Subscription,
  PublishResult,
  WebSocketLike,
  WebSocketConstructor,
} from './events-client.js';
export { publishHttp, httpBaseOf } from './http-publish.js';
export type { PublishHttpOptions, HttpEvent } from './http-publish.js';
export { EventsClientError } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export { backoffDelay } from './backoff.js';
export type {
  EventEnvelope,
  SnapshotFrame,
  SubscribeAck,
  RunSnapshot,
  Role,
  EventName,
  RunEventName,
  EventsErrorCode,
  HttpPublishResult,
} from '../protocol.js';
export { SUBPROTOCOL, CloseCode, RECONNECT_CLOSE_CODES } from '../protocol.js';
