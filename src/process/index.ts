import { currentPlatform, type Platform } from '../shared/platform.js';
import { posixPlatform } from './posix.js';
import { createSpawner } from './spawn.js';
import type { ProcessManager } from './types.js';
import { windowsPlatform } from './windows.js';

export type * from './types.js';
export { posixPlatform } from './posix.js';
export { windowsPlatform } from './windows.js';

/** The process manager for the platform netra runs on (injectable for tests). */
export function createProcessManager(platform: Platform = currentPlatform()): ProcessManager {
  return createSpawner(platform === 'windows' ? windowsPlatform : posixPlatform);
}
