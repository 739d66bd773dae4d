/**
 * Build step (`npm run build`, after tsc): renders `netra --help` for every
 * terminal width into dist/cli/help-snapshot.json, so the built CLI answers
 * `netra --help` without loading commander (help-snapshot.ts). A program
 * entry point, so it may print and set the exit code.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP_SNAPSHOT_FILE, buildHelpSnapshot, helpInputFiles, stampInputs } from './help-snapshot.js';
import { buildProgram } from './program.js';

const dir = dirname(fileURLToPath(import.meta.url));
// commander's exports do not include package.json: its main file sits next to it.
const commanderPackageJson = join(dirname(createRequire(import.meta.url).resolve('commander')), 'package.json');
const render = (width: number): string => buildProgram().configureOutput({ getOutHelpWidth: () => width }).helpInformation();
// Rendered before the stamps are taken, and the stamps name the files as they are on disk now.
const snapshot = buildHelpSnapshot(render, stampInputs(dir, helpInputFiles(dir, commanderPackageJson)));
writeFileSync(join(dir, HELP_SNAPSHOT_FILE), `${JSON.stringify(snapshot)}\n`);
process.stdout.write(`help snapshot: ${snapshot.texts.length} texts for widths 1..${snapshot.ranges.at(-1)?.[1]}${snapshot.wide < 0 ? '' : ' and wider'}\n`);
