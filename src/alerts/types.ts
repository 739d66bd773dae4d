/**
 * The alert model (../shared/CLI.md, `.netra/alerts.jsonl`): what a rule
 * raises, what the sinks write, what `dev status` lists.
 */

/** Every rule, named as in CLI.md. */
export const ruleNames = [
  'service-exited',
  'crash-loop',
  'readiness-failed',
  'readiness-slow',
  'liveness-failed',
  'memory-high',
  'error-burst',
  'run-stuck',
  'tool-stuck',
  'publish-rejected',
  'run-aborted',
  'delivery-lag',
] as const;

export type RuleName = (typeof ruleNames)[number];

export const severities = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof severities)[number];

export function isRuleName(value: string): value is RuleName {
  return (ruleNames as readonly string[]).includes(value);
}

/** What a rule says about a condition; the book adds identity, state and counts. */
export interface AlertInput {
  rule: RuleName;
  severity: Severity;
  /** One human line: what is wrong, with the numbers that matter. */
  message: string;
  service?: string;
  threadId?: string;
  runId?: string;
}

/** One line of `.netra/alerts.jsonl`, also the payload of `x.alert` and of the webhook. */
export interface AlertRecord extends AlertInput {
  /** ISO-8601. */
  ts: string;
  state: 'firing' | 'resolved';
  /** Pairs a `firing` line with its `resolved` line (extra field; CLI.md welcomes more). */
  id: string;
  /** Occurrences of the condition folded into this alert so far. */
  count: number;
}

/** An alert whose condition is ongoing (or cleared but still inside its cooldown). */
export interface ActiveAlert extends AlertInput {
  id: string;
  state: 'firing';
  /** ISO-8601 of the first occurrence. */
  since: string;
  /** ISO-8601 of the latest occurrence. */
  lastSeen: string;
  count: number;
}

/** Where alerts go: terminal, file, event server, webhook. A sink never throws and never blocks. */
export interface AlertSink {
  /** `final`: a resolution because the stack stopped (the terminal skips those). */
  write(record: AlertRecord, final: boolean): void;
  /** Flushes what is queued (bounded in time). */
  close(): Promise<void>;
}
