import { NetraError } from '../shared/errors.js';
import { detectLevel, levelRank, parseLevel } from './level.js';
import type { LogLevel } from './level.js';
import type { ReadRecord } from './record-parser.js';
import { isLogStream } from './types.js';
import type { LogStream } from './types.js';

/** What `netra logs` asks for: which services, how far back, which lines. */
export interface LogQuery {
  /** `<project>/.netra/logs`. */
  logDir: string;
  /** Services to show; empty or undefined: all that have logs. */
  services?: readonly string[];
  /** Names that are valid even without a log file yet (from the config or `.netra/state.json`). */
  knownServices?: readonly string[];
  /** Last N matching lines per service, or 'all'. Default 100, or 'all' when `since` is set. */
  tail?: number | 'all';
  /** Only lines at or after this time. */
  since?: Date;
  /** Only lines whose text matches. */
  grep?: RegExp;
  /** Only lines of this stream. */
  stream?: LogStream;
  /** Only lines of this level or above (lines that declare no level are left out). */
  level?: LogLevel;
}

export const defaultTail = 100;

/** `100` or `all` → the tail count; anything else is a usage error naming the flag. */
export function parseTail(text: string): number | 'all' {
  if (text === 'all') return 'all';
  if (!/^\d+$/.test(text)) throw usage('--tail', `expected a number of lines or "all", got "${text}"`);
  return Number(text);
}

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `10m`, `1h30m`, `2d` (ago), or an ISO-8601 date/time. */
export function parseSince(text: string, now: Date = new Date()): Date {
  const relative = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/.test(text);
  if (relative) {
    let ms = 0;
    for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
      ms += Number(match[1]) * (units[match[2] as string] as number);
    }
    return new Date(now.getTime() - ms);
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw usage('--since', `expected a duration like 10m, 1h30m, 2d or an ISO date/time, got "${text}"`);
}

export function parseGrep(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (error) {
    throw usage('--grep', `not a valid regular expression: ${(error as Error).message}`);
  }
}

export function parseLevelFlag(text: string): LogLevel {
  const level = parseLevel(text);
  if (!level) throw usage('--level', `expected trace, debug, info, warn, error or fatal, got "${text}"`);
  return level;
}

export function parseStreamFlag(text: string): LogStream {
  if (!isLogStream(text)) throw usage('--stream', `expected stdout, stderr or netra, got "${text}"`);
  return text;
}

function usage(flag: string, message: string): NetraError {
  return new NetraError('USAGE', `${flag}: ${message}`);
}

/** The line predicate of a query (everything but tail and service choice), undefined when it keeps all. */
export function compileMatcher(query: LogQuery): ((record: ReadRecord) => boolean) | undefined {
  const { grep, stream, level } = query;
  const since = query.since?.toISOString();
  if (!grep && !stream && !level && !since) return undefined;
  const minRank = level ? levelRank(level) : 0;
  const regex = grep && (grep.global || grep.sticky) ? new RegExp(grep.source, grep.flags.replace(/[gy]/g, '')) : grep;
  return (record) => {
    if (stream && record.stream !== stream) return false;
    if (since && record.ts < since) return false;
    if (regex && !regex.test(record.line)) return false;
    if (level) {
      const found = detectLevel(record.line);
      if (!found || levelRank(found) < minRank) return false;
    }
    return true;
  };
}

/** The effective tail of a query: its own, else all when `since` bounds it, else 100. */
export function effectiveTail(query: LogQuery): number | 'all' {
  return query.tail ?? (query.since ? 'all' : defaultTail);
}

/**
 * The literal text every line matching `--grep` must contain in the file,
 * when the pattern is a plain literal: then its files can be scanned for it
 * before any line is parsed. Quotes, backslashes and control characters are
 * escaped in the JSONL file, so patterns with them (or any regex syntax) get
 * no needle and every line is parsed.
 */
export function grepNeedle(grep: RegExp | undefined): string | undefined {
  if (!grep || grep.flags.replace(/[gyd]/g, '') !== '') return undefined;
  const source = grep.source.replace(/\\\//g, '/'); // RegExp#source escapes '/'
  return /^[A-Za-z0-9 _\-:/,=@#%&!~'<>;]+$/.test(source) ? source : undefined;
}
