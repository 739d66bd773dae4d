/**
 * Windows: placeholder until the Windows process manager lands (issue 5).
 * Selecting it fails loudly rather than pretending POSIX semantics.
 */
import { NetraError } from '../shared/errors.js';
import type { ProcessPlatform } from './types.js';

function unsupported(): never {
  throw new NetraError('INTERNAL', 'the Windows process manager is not implemented yet');
}

export const windowsPlatform: ProcessPlatform = {
  spawnOptions: unsupported,
  commandLine: unsupported,
  signalTree: unsupported,
  killTree: unsupported,
  snapshotTree: unsupported,
  isTreeAlive: unsupported,
};
