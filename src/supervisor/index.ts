export { startDevUp } from './dev-up.js';
export type { DevUpOptions, DevUpSession } from './dev-up.js';
export { Supervisor } from './supervisor.js';
export type { StackOutcome } from './supervisor.js';
export type { ServiceState, ServiceFailure } from './service-state.js';
export { describeFailure } from './service-state.js';
export { formatMs } from './service-controller.js';
