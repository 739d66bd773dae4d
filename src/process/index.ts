import { currentPlatform, type Platform } from '../shared/platform.js';
import { posixPlatform } from './posix.js';
import { createSpawner } from './spawn.js';
import type { ProcessManager } from './types.js';
import { windowsPlatform } from './windows.js';

export type * from './types.js';
export { posixPlatform } from './posix.js';
export { createWindowsPlatform, windowsPlatform, type WindowsPlatformOptions } from './windows.js';
export { mergeEnvironment } from './windows-env.js';
export { shutdownSignals, type ShutdownSignal } from './shutdown-signals.js';

/** The process manager for the platform netra runs on (injectable for tests). */
export function createProcessManager(platform: Platform = currentPlatform()): ProcessManager {
  return createSpawner(platform === 'windows' ? windowsPlatform : posixPlatform);
}
export { startWatchdog } from './watchdog-client.js';
export type { Watchdog } from './watchdog-client.js';
