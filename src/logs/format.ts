import { paint, resetAll, servicePalette, styles } from './ansi.js';
import type { LogLevel } from './level.js';
import { repeatedMessage } from './repeat-collapser.js';

/** Options of the terminal formatter. */
export interface LineFormatOptions {
  /** Emit ANSI colors. */
  color: boolean;
  /** Width the service name is padded to (the longest name). */
  width: number;
}

/** `backend  | ` with the service's color: built once per service, reused for every line. */
export function servicePrefix(name: string, colorIndex: number, options: LineFormatOptions): string {
  const padded = name.padEnd(options.width);
  const palette = servicePalette[colorIndex % servicePalette.length] ?? styles.bold;
  return `${paint(padded, palette, options.color)} ${paint('|', styles.dim, options.color)} `;
}

/** The line body as shown: error lines highlighted, child colors closed so they never bleed. */
export function styleBody(line: string, level: LogLevel | undefined, color: boolean): string {
  if (!color) return line;
  const body = line.includes('\x1b') ? `${line}${resetAll}` : line;
  if (level === 'error' || level === 'fatal') return paint(body, styles.red, true);
  if (level === 'warn') return paint(body, styles.yellow, true);
  return body;
}

/** netra's own line: `netra › backend: exited with code 1`, colored by level. */
export function netraLine(
  service: string | undefined,
  message: string,
  level: 'info' | 'warn' | 'error',
  color: boolean,
): string {
  const head = paint('netra ›', styles.dim, color);
  const about = service === undefined ? '' : `${paint(service, styles.bold, color)}: `;
  const body = level === 'error' ? paint(message, styles.red, color) : level === 'warn' ? paint(message, styles.yellow, color) : message;
  return `${head} ${about}${body}`;
}

/** The `… repeated N times` line of a collapsed run. */
export function repeatedLine(times: number, color: boolean): string {
  return paint(repeatedMessage(times), styles.dim, color);
}

/** The header of a crash context block. */
export function crashHeader(service: string, reason: string, shown: number, color: boolean): string {
  const text = `── ${service}: ${reason} · last ${shown} line${shown === 1 ? '' : 's'} ──`;
  return paint(text, styles.redBold, color);
}

export function crashFooter(color: boolean): string {
  return paint('──', styles.redBold, color);
}
