/**
 * The few ANSI styles the log stream needs. The hub is library code that
 * runs inside the supervisor, so it takes a `color` flag (decided by cli/
 * from NO_COLOR, FORCE_COLOR and the TTY) instead of importing chalk, and
 * prefixes are built once per service rather than per line.
 */
export interface Style {
  readonly open: string;
  readonly close: string;
}

const style = (open: number, close: number): Style => ({ open: `\x1b[${open}m`, close: `\x1b[${close}m` });

export const styles = {
  bold: style(1, 22),
  dim: style(2, 22),
  red: style(31, 39),
  yellow: style(33, 39),
  redBold: { open: '\x1b[1;31m', close: '\x1b[22;39m' },
} as const;

/** Service colors; red and yellow are left out: they mean error and warning. */
export const servicePalette: readonly Style[] = [
  style(36, 39), // cyan
  style(35, 39), // magenta
  style(32, 39), // green
  style(34, 39), // blue
  style(96, 39), // bright cyan
  style(95, 39), // bright magenta
  style(92, 39), // bright green
  style(94, 39), // bright blue
];

export function paint(text: string, with_: Style, color: boolean): string {
  return color ? `${with_.open}${text}${with_.close}` : text;
}

export const resetAll = '\x1b[0m';
