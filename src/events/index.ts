/** The embedded chat event server (`netra.events.v1`, ../shared/EVENTS.md). Imports only shared/. */
export { startEventServer } from './server.js';
export type { EventServer, EventServerOptions } from './server.js';
export type { EventObservation, ObservationListener } from './observation.js';
export type { BackpressureLimits } from './connection.js';
export { createEventsToken, writeEventsToken, TOKEN_FILE } from './token.js';
export { redact, REDACTED } from './redact.js';
export { checkRunInvariants } from './invariants.js';
export type { Violation, InvariantId, CheckOptions } from './invariants.js';
export { RESERVED_THREAD_PREFIX, SYSTEM_RUN_ID } from './hub.js';
export * from './protocol.js';
