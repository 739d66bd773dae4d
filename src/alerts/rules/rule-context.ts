/** What every rule gets: the book, its settings, the clock. */
import type { AlertBook } from '../alert-book.js';
import type { RuleSettings } from '../config.js';
import type { AlertInput, RuleName } from '../types.js';

export interface RuleContext {
  readonly book: AlertBook;
  readonly rules: RuleSettings;
  now(): number;
}

/** Raises through the book with the rule's severity and cooldown, unless the rule is off. */
export function raise(ctx: RuleContext, key: string, input: Omit<AlertInput, 'severity'>): void {
  const settings = ctx.rules[input.rule];
  if (!settings.enabled) return;
  ctx.book.raise(key, { ...input, severity: settings.severity }, settings.cooldownMs);
}

export function keyOf(rule: RuleName, ...parts: (string | undefined)[]): string {
  return [rule, ...parts.map((part) => part ?? '')].join('\u0000');
}

/** `12.3 s` or `450 ms`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
