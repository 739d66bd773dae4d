import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HELP_SNAPSHOT_FILE,
  HELP_WIDTHS,
  buildHelpSnapshot,
  helpInputFiles,
  helpWidth,
  readHelpSnapshot,
  stampInputs,
} from '../../../src/cli/help-snapshot.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A fake help that wraps at 40 columns and below, like commander's minWidthToWrap inverted. */
const render = (width: number): string => (width >= 60 && width < 100 ? `narrow ${width >= 80 ? 'b' : 'a'}\n` : 'wide\n');

/** A CLI folder (dist/cli look-alike) two levels under a package root, with a commander package.json. */
async function cliDir(): Promise<{ root: string; dir: string; commander: string }> {
  const root = await mkdtemp(join(tmpdir(), 'netra-help-snapshot-'));
  dirs.push(root);
  const dir = join(root, 'dist', 'cli');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  await mkdir(join(root, 'node_modules', 'commander'), { recursive: true });
  await writeFile(join(root, 'package.json'), '{"version":"1.0.0"}');
  const commander = join(root, 'node_modules', 'commander', 'package.json');
  await writeFile(commander, '{"version":"14.0.0"}');
  for (const name of ['main.js', 'program.js', 'dev.js']) await writeFile(join(dir, name), `// ${name}\n`);
  return { root, dir, commander };
}

async function writeSnapshot(dir: string, commander: string): Promise<void> {
  const snapshot = buildHelpSnapshot(render, stampInputs(dir, helpInputFiles(dir, commander)));
  await writeFile(join(dir, HELP_SNAPSHOT_FILE), JSON.stringify(snapshot));
}

describe('help snapshot', () => {
  it('gives the text rendered for each width, and the unwrapped one above the last rendered width', async () => {
    const { dir, commander } = await cliDir();
    await writeSnapshot(dir, commander);
    for (const width of [HELP_WIDTHS.min, 59, 60, 79, 80, 99, 100, HELP_WIDTHS.max, HELP_WIDTHS.max + 1, 10_000]) {
      expect(readHelpSnapshot(width, dir)).toBe(width > HELP_WIDTHS.max ? 'wide\n' : render(width));
    }
  });

  it('stores each distinct text once, as ranges of widths', () => {
    const snapshot = buildHelpSnapshot(render, {});
    expect(snapshot.texts).toHaveLength(3);
    expect(snapshot.ranges).toEqual([
      [HELP_WIDTHS.min, 59, 0],
      [60, 79, 1],
      [80, 99, 2],
      [100, HELP_WIDTHS.max, 0],
    ]);
  });

  it('has no text for wide terminals when the widest rendered text still differs from the unwrapped one', async () => {
    const { dir, commander } = await cliDir();
    const snapshot = buildHelpSnapshot((width) => (width > 1_000 ? 'unwrapped\n' : 'wrapped\n'), stampInputs(dir, helpInputFiles(dir, commander)));
    await writeFile(join(dir, HELP_SNAPSHOT_FILE), JSON.stringify(snapshot));
    expect(readHelpSnapshot(HELP_WIDTHS.max, dir)).toBe('wrapped\n');
    expect(readHelpSnapshot(HELP_WIDTHS.max + 1, dir)).toBeUndefined();
  });

  it.each([
    ['a CLI module changed', (root: string) => writeFile(join(root, 'dist', 'cli', 'dev.js'), '// dev.js, edited\n')],
    ['a CLI module touched (same size)', (root: string) => utimes(join(root, 'dist', 'cli', 'program.js'), new Date(), new Date(Date.now() + 5_000))],
    ['a new CLI module', (root: string) => writeFile(join(root, 'dist', 'cli', 'new-command.js'), '//\n')],
    ['a CLI module removed', (root: string) => rm(join(root, 'dist', 'cli', 'dev.js'))],
    ['package.json changed (the version)', (root: string) => writeFile(join(root, 'package.json'), '{"version":"1.0.1"}')],
    ["commander's package.json changed", (root: string) => writeFile(join(root, 'node_modules', 'commander', 'package.json'), '{"version":"14.1.0"}')],
    ['the snapshot corrupt', (root: string) => writeFile(join(root, 'dist', 'cli', HELP_SNAPSHOT_FILE), '{"format":1,')],
    ['the snapshot missing', (root: string) => rm(join(root, 'dist', 'cli', HELP_SNAPSHOT_FILE))],
  ])('is not used when %s', async (_what, change) => {
    const { root, dir, commander } = await cliDir();
    await writeSnapshot(dir, commander);
    expect(readHelpSnapshot(80, dir)).toBe(render(80));
    await change(root);
    expect(readHelpSnapshot(80, dir)).toBeUndefined();
  });

  it("uses commander's width: a TTY's columns, else 80", () => {
    expect(helpWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(helpWidth({ isTTY: true })).toBe(80);
    expect(helpWidth({ isTTY: false, columns: 132 })).toBe(80);
    expect(helpWidth({})).toBe(80);
  });
});
