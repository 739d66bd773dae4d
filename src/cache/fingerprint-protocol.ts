/** Messages between the cache manager and its fingerprint worker. */
export type WorkerRequest =
  | { id: number; type: 'fingerprint'; patterns: readonly string[]; now: number }
  | { id: number; type: 'save' }
  | { id: number; type: 'close' };

export interface WireFingerprint {
  /** Sorted root-relative paths, and their hashes at the same index (arrays clone faster than a Map). */
  paths: string[];
  hashes: string[];
  digest: string;
  unmatched: string[];
  read: number;
}

export type WorkerReply =
  | { id: number; ok: true; fingerprint?: WireFingerprint; statCacheOk?: boolean }
  | { id: number; ok: false; error: string };
