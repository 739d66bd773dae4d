/**
 * Level detection for the formats backends really print. The rule that keeps
 * it free of false alarms: a level is only taken from where the format puts
 * it (a JSON field, a logfmt key, the head of a line after its timestamp),
 * never from a word somewhere inside the message.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export const logLevels: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

const rank: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

export function levelRank(level: LogLevel): number {
  return rank[level];
}

const names: Record<string, LogLevel> = {
  trace: 'trace', finest: 'trace', finer: 'trace', silly: 'trace',
  debug: 'debug', dbg: 'debug', fine: 'debug', verbose: 'debug',
  info: 'info', information: 'info', informational: 'info', notice: 'info', inf: 'info',
  warn: 'warn', warning: 'warn', wrn: 'warn',
  error: 'error', err: 'error', eror: 'error', severe: 'error', 'err!': 'error',
  fatal: 'fatal', critical: 'fatal', crit: 'fatal', panic: 'fatal', emerg: 'fatal',
  emergency: 'fatal', alert: 'fatal', dpanic: 'fatal',
};

/** A level name as users and loggers spell it (`warning`, `ERR`, `critical`…), else undefined. */
export function parseLevel(name: string): LogLevel | undefined {
  return names[name.toLowerCase()];
}

/** pino/bunyan numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(value: number): LogLevel | undefined {
  if (!Number.isFinite(value) || value < 10) return undefined;
  if (value >= 60) return 'fatal';
  return logLevels[Math.floor(value / 10) - 1];
}

const jsonKeys = ['level', 'severity', 'lvl', 'loglevel', 'log.level', 'levelname', '@l', 'severity_text'];

function jsonLevel(line: string): LogLevel | undefined | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null; // not JSON after all: the text rules decide
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const object = value as Record<string, unknown>;
  for (const key of jsonKeys) {
    const field = object[key];
    if (typeof field === 'string') {
      const level = parseLevel(field);
      if (level) return level;
    } else if (typeof field === 'number') {
      return numericLevel(field);
    }
  }
  const log = object['log'];
  if (typeof log === 'object' && log !== null && typeof (log as { level?: unknown }).level === 'string') {
    return parseLevel((log as { level: string }).level);
  }
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ansiPattern = /\x1b\[[0-9;?]*[A-Za-z]/g;
const logfmtPattern = /(?:^|\s)(?:level|lvl|severity)=("?)([A-Za-z]+)\1(?=\s|$)/;
const rubyPattern = /^[DIWEFA], \[[^\]]*\]\s+([A-Z]+) -- /;
const pythonAsctimePattern = /^\d{4}-\d{2}-\d{2}[T ][\d:.,]+ - \S+ - ([A-Z]+) - /;
const glogPattern = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const glogLevels: Record<string, LogLevel> = { I: 'info', W: 'warn', E: 'error', F: 'fatal' };
const leadingTimePattern =
  /^(?:\[\s*)?(?:\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:\s?Z|\s?[+-]\d{2}:?\d{2})?)?|\d{2}:\d{2}:\d{2}(?:[.,]\d+)?|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2})(?:\s*\])?[\s|:-]*/;
const bracketPattern = /^[[(<]\s*([A-Za-z]+!?)\s*[\])>][\s:|-]*/;
const otherBracketPattern = /^\[[^\]]{1,40}\][\s:|-]*/;
const wordPattern = /^([A-Za-z]+!?)(:|\s|$)/;
const exceptionPattern = /^(?:Uncaught )?[A-Z]?[A-Za-z]*(?:Error|Exception)(?::|$)|^Traceback \(most recent call last\):/;
const nodeWarningPattern = /^\(node:\d+\) (?:\[\w+\] )?\w*Warning:/;
const npmPattern = /^npm (ERR!|error|WARN|warn)(?=\s|$)/;

function headLevel(head: string): LogLevel | undefined {
  let rest = head;
  const time = leadingTimePattern.exec(rest);
  if (time && time[0].length > 0) rest = rest.slice(time[0].length);
  for (let brackets = 0; brackets < 3; brackets += 1) {
    const bracket = bracketPattern.exec(rest);
    if (bracket?.[1]) {
      const level = parseLevel(bracket[1]);
      if (level) return level;
    }
    const other = otherBracketPattern.exec(rest);
    if (!other) break;
    rest = rest.slice(other[0].length);
  }
  const word = wordPattern.exec(rest);
  if (word?.[1]) {
    const text = word[1];
    const level = parseLevel(text);
    // `ERROR something` and `error: something` are levels; `Error handling…` is prose.
    if (level && (text === text.toUpperCase() || word[2] === ':')) return level;
  }
  return undefined;
}

/**
 * The level a log line declares, or undefined when it declares none. Handles
 * JSON (`level`/`severity`, pino/bunyan numbers), logfmt `level=`, Python
 * `logging` (`ERROR:name:msg` and `asctime - name - LEVEL - msg`), uvicorn
 * (`ERROR:    msg`), `[ERROR]` prefixes, Ruby Logger, glog, Spring/log4j
 * (`<time> ERROR …`), npm, Node uncaught errors and warnings, Python tracebacks.
 */
export function detectLevel(input: string): LogLevel | undefined {
  const line = input.includes('\x1b') ? input.replace(ansiPattern, '') : input;
  const trimmed = line.trimStart();
  if (trimmed.startsWith('{') && trimmed.length <= 65536) {
    const level = jsonLevel(trimmed);
    if (level !== null) return level;
  }
  if (trimmed.length !== line.length) return undefined; // indented: a continuation line
  const head = line.length > 200 ? line.slice(0, 200) : line;
  const glog = glogPattern.exec(head);
  if (glog?.[1]) return glogLevels[glog[1]];
  const ruby = rubyPattern.exec(head);
  if (ruby?.[1]) return parseLevel(ruby[1]);
  const python = pythonAsctimePattern.exec(head);
  if (python?.[1]) return parseLevel(python[1]);
  const logfmt = logfmtPattern.exec(head);
  if (logfmt?.[2]) return parseLevel(logfmt[2]);
  const npm = npmPattern.exec(head);
  if (npm?.[1]) return npm[1].toLowerCase().startsWith('w') ? 'warn' : 'error';
  if (nodeWarningPattern.test(head)) return 'warn';
  const level = headLevel(head);
  if (level) return level;
  if (exceptionPattern.test(head)) return 'error';
  return undefined;
}

/** Words without which a line cannot be a warning or worse: one cheap scan before the real rules. */
const alertHint = /err|warn|wrn|fatal|crit|panic|exception|traceback|emerg|alert|severe|"level"|"severity"|^[EWF]\d{4} |^[EWFA], \[/i;

const alertHintEverywhere = new RegExp(alertHint.source, 'gim');

/**
 * Where the pre-check of detectAlertLevel matches in a whole chunk of lines
 * (`\n`-separated, its bytes read as latin1 so indexes are byte offsets):
 * a line with no match here cannot be a warning or worse. One scan a chunk
 * instead of one a line; a superset of the lines that pass the pre-check.
 */
export function alertHintOffsets(chunk: string): number[] {
  const offsets: number[] = [];
  alertHintEverywhere.lastIndex = 0;
  for (let match = alertHintEverywhere.exec(chunk); match; match = alertHintEverywhere.exec(chunk)) offsets.push(match.index);
  return offsets;
}

/**
 * The level of a line when it is a warning or worse, else undefined: what
 * the terminal highlights. A pre-check skips the full rules for most lines,
 * which keeps highlighting affordable at millions of lines.
 */
export function detectAlertLevel(line: string): 'warn' | 'error' | 'fatal' | undefined {
  if (!alertHint.test(line.length > 200 ? line.slice(0, 200) : line)) return undefined;
  const level = detectLevel(line);
  return level === 'warn' || level === 'error' || level === 'fatal' ? level : undefined;
}
