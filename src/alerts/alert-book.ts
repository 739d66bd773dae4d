/**
 * Deduplication and cooldown. A condition is keyed (`crash-loop:api`); the
 * first `raise` fires one alert, later raises only update it (count, message,
 * lastSeen). `clear` starts the cooldown: the alert resolves once the
 * condition stayed clear for `cooldownMs`, and a raise inside the cooldown
 * keeps the same alert, so a flapping condition is one firing and one
 * resolved line, never a flood.
 */
import { randomBytes } from 'node:crypto';
import type { ActiveAlert, AlertInput, AlertRecord } from './types.js';

interface Entry {
  alert: ActiveAlert;
  /** When the condition cleared; undefined while it holds. */
  clearedAt: number | undefined;
  cooldownMs: number;
  resolveMessage: string | undefined;
}

export interface AlertBookOptions {
  now: () => number;
  /** Every firing and resolved record, in order; `final` marks the resolutions of `resolveAll`. */
  emit: (record: AlertRecord, final: boolean) => void;
}

export class AlertBook {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: AlertBookOptions) {}

  /** The condition holds (again): fire once, then update. Returns true when this fired a new alert. */
  raise(key: string, input: AlertInput, cooldownMs: number): boolean {
    const now = this.options.now();
    const iso = new Date(now).toISOString();
    const entry = this.entries.get(key);
    if (entry) {
      Object.assign(entry.alert, input, { lastSeen: iso, count: entry.alert.count + 1 });
      entry.clearedAt = undefined;
      entry.resolveMessage = undefined;
      entry.cooldownMs = cooldownMs;
      return false;
    }
    const alert: ActiveAlert = { ...input, id: randomBytes(6).toString('hex'), state: 'firing', since: iso, lastSeen: iso, count: 1 };
    this.entries.set(key, { alert, clearedAt: undefined, cooldownMs, resolveMessage: undefined });
    this.options.emit(toRecord(alert, 'firing', iso, alert.message), false);
    return true;
  }

  /** The condition no longer holds; resolves after the cooldown unless raised again. */
  clear(key: string, message: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.clearedAt !== undefined) return;
    entry.clearedAt = this.options.now();
    entry.resolveMessage = message;
    if (entry.cooldownMs === 0) this.resolve(key, entry, message);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Keys currently held, optionally only those starting with `prefix`. */
  keys(prefix = ''): string[] {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix));
  }

  /** Resolves the alerts whose cooldown ran out; call on every tick. */
  tick(): void {
    const now = this.options.now();
    for (const [key, entry] of this.entries) {
      if (entry.clearedAt !== undefined && now - entry.clearedAt >= entry.cooldownMs) {
        this.resolve(key, entry, entry.resolveMessage ?? 'resolved');
      }
    }
  }

  active(): ActiveAlert[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.alert }));
  }

  /** Resolves everything (the stack stopped), so the file never shows a stale firing alert. */
  resolveAll(message: string): void {
    for (const [key, entry] of [...this.entries]) this.resolve(key, entry, message, true);
  }

  private resolve(key: string, entry: Entry, message: string, final = false): void {
    this.entries.delete(key);
    const iso = new Date(this.options.now()).toISOString();
    this.options.emit(toRecord(entry.alert, 'resolved', iso, message), final);
  }
}

function toRecord(alert: ActiveAlert, state: AlertRecord['state'], ts: string, message: string): AlertRecord {
  return {
    ts,
    rule: alert.rule,
    severity: alert.severity,
    state,
    ...(alert.service === undefined ? {} : { service: alert.service }),
    ...(alert.threadId === undefined ? {} : { threadId: alert.threadId }),
    ...(alert.runId === undefined ? {} : { runId: alert.runId }),
    message,
    id: alert.id,
    count: alert.count,
  };
}
