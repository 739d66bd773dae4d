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
  // Copies are made only from the first change on: most payloads hold no secret and allocate nothing here.
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const next = redact(item);
      if (out === undefined && next !== item) out = value.slice(0, i);
      out?.push(next);
    }
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i]!;
      const item = record[key];
      const next = isSecretKey(key) ? REDACTED : redact(item);
      if (out === undefined && next !== item) {
        out = {};
        for (let j = 0; j < i; j += 1) out[keys[j]!] = record[keys[j]!];
      }
      if (out !== undefined) out[key] = next;
    }
    return out ?? value;
  }
  return value;
}
