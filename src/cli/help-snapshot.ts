/**
 * `netra --help` without loading commander or any command module: the build
 * renders the top-level help once per terminal width (write-help-snapshot.ts)
 * and main.ts prints the stored text when argv is exactly `--help` or `-h`.
 * Cold start is then node's own start-up plus one small JSON read.
 *
 * The snapshot is only trusted while every file it was rendered from is
 * unchanged (size and mtime of dist/cli's modules, package.json and
 * commander's package.json): a `tsc` run without the snapshot step, a new
 * commander, anything else, and main.ts renders the help the usual way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HELP_SNAPSHOT_FILE = 'help-snapshot.json';

/** Widths rendered one by one; beyond the last one the text must be the same as unwrapped. */
export const HELP_WIDTHS = { min: 1, max: 400 } as const;

export interface HelpSnapshot {
  format: 1;
  /** `path (relative to the snapshot's folder) → size:mtimeMs` of every input. */
  inputs: Record<string, string>;
  /** Distinct help texts. */
  texts: string[];
  /** `[from, to, index in texts]`: widths from..to (inclusive) get that text. */
  ranges: [number, number, number][];
  /** Index of the text for widths above HELP_WIDTHS.max, or -1 when those must be rendered. */
  wide: number;
}

/** The width commander wraps `--help` to (Command#_getOutputContext, commander 14): the TTY's columns, else 80. */
export function helpWidth(stdout: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return (stdout.isTTY ? stdout.columns : undefined) ?? 80;
}

/** Renders the snapshot of `render(width)` for every width, plus the inputs it depends on. */
export function buildHelpSnapshot(render: (width: number) => string, inputs: Record<string, string>): HelpSnapshot {
  const texts: string[] = [];
  const ranges: [number, number, number][] = [];
  for (let width = HELP_WIDTHS.min; width <= HELP_WIDTHS.max; width += 1) {
    const text = render(width);
    let index = texts.indexOf(text);
    if (index === -1) index = texts.push(text) - 1;
    const last = ranges.at(-1);
    if (last && last[2] === index && last[1] === width - 1) last[1] = width;
    else ranges.push([width, width, index]);
  }
  const atMax = texts[ranges.at(-1)![2]];
  const unwrapped = render(Number.MAX_SAFE_INTEGER);
  return { format: 1, inputs, texts, ranges, wide: atMax === unwrapped ? ranges.at(-1)![2] : -1 };
}

/** `relative path → size:mtimeMs` for the files the help is rendered from (missing files are recorded as such). */
export function stampInputs(dir: string, files: readonly string[]): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const file of files) {
    const path = resolve(dir, file);
    try {
      const stat = statSync(path);
      inputs[relative(dir, path)] = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      inputs[relative(dir, path)] = 'missing';
    }
  }
  return inputs;
}

/** Every module of the CLI folder (the commands' definitions), package.json (the version) and commander's package.json. */
export function helpInputFiles(dir: string, commanderPackageJson: string): string[] {
  const modules = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort();
  return [...modules, join('..', '..', 'package.json'), relative(dir, commanderPackageJson)];
}

/** The stored help for this width, or undefined when there is none or it may be stale. */
export function readHelpSnapshot(width: number, dir: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let snapshot: HelpSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(join(dir, HELP_SNAPSHOT_FILE), 'utf8')) as HelpSnapshot;
  } catch {
    return undefined;
  }
  if (snapshot.format !== 1) return undefined;
  // The set of CLI modules must be the same too: a new command file makes the snapshot stale.
  const modules = readdirSync(dir).filter((name) => name.endsWith('.js'));
  if (modules.some((name) => snapshot.inputs[name] === undefined)) return undefined;
  const now = stampInputs(dir, Object.keys(snapshot.inputs));
  for (const [file, stamp] of Object.entries(snapshot.inputs)) {
    if (stamp === 'missing' || now[file] !== stamp) return undefined;
  }
  const index = width > HELP_WIDTHS.max ? snapshot.wide : snapshot.ranges.find(([from, to]) => width >= from && width <= to)?.[2];
  return index === undefined || index < 0 ? undefined : snapshot.texts[index];
}
