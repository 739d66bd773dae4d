/** The per-stack events token (EVENTS.md "Transport"): 32 random bytes, hex, file mode 0600. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { chmod } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/fs.js';

export const TOKEN_FILE = 'events.token';

export function createEventsToken(): string {
  return randomBytes(32).toString('hex');
}

/** Writes `<stateDir>/events.token` atomically with mode 0600; returns its path. */
export async function writeEventsToken(stateDir: string, token: string): Promise<string> {
  const path = join(stateDir, TOKEN_FILE);
  await writeFileAtomic(path, `${token}\n`, { mode: 0o600 });
  // The umask may have widened the temp file's mode; the token must stay private.
  await chmod(path, 0o600);
  return path;
}

/**
 * Compares a presented token with the expected one in constant time. Both are
 * hashed first so neither the length nor the content leaks through timing.
 */
export function tokenMatches(expected: string, presented: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
