/** The embedded chat event server (`netra.events.v1`, ../shared/EVENTS.md). Imports only shared/. */
export { startEventServer } from './server.js';
export type { EventServer, EventServerOptions } from './server.js';
export type { EventObservation, ObservationListener } from './observation.js';
export type { BackpressureLimits } from './connection.js';
export { createEventsToken, writeEventsToken, TOKEN_FILE } from './token.js';
export { redact, REDACTED } from './redact.js';
export { checkRunInvariants } from './invariants.js';
export type { Violation, InvariantId, CheckOptions, CheckedEvent, EventRef } from './invariants.js';
export { describeEvent } from './invariants.js';
export { RESERVED_THREAD_PREFIX, SYSTEM_RUN_ID, ALL_THREADS } from './hub.js';
export * from './protocol.js';
export { connectEvents, EventsClient, publishHttp, httpBaseOf, EventsClientError } from './client/index.js';
export type { ConnectOptions, SubscribeOptions, Subscription, PublishResult } from './client/index.js';
export { verifyEventContract, describeViolations } from './verify.js';
export type { VerifyOptions, VerifyReport } from './verify.js';
export { findProjectRoot, resolveEventsEndpoint } from './discovery.js';
export type { EventsEndpoint, EndpointOverrides } from './discovery.js';
export { summarizeEvent } from './summary.js';
