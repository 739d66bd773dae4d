/**
 * Redaction of secrets in event payloads (EVENTS.md "Redaction"), applied
 * before an event is stored so live and replayed copies are identical.
 */

const SECRET_KEY = /password|secret|token|key|auth|credential/i;
export const REDACTED = '[REDACTED]';

/** True when a payload key names a secret (`apiToken`, `AUTHORIZATION`, `private_key`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Returns a copy of `value` with every secret-named key's value replaced, at
 * any depth, arrays included. Values that are not secrets are shared, not
 * copied, when nothing below them changed.
 */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item) => {
      const next = redact(item);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const next = isSecretKey(key) ? REDACTED : redact(item);
      if (next !== item) changed = true;
      out[key] = next;
    }
    return changed ? out : value;
  }
  return value;
}
