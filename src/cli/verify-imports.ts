/**
 * `netra verify-imports [paths...]`: flags to options, one call to
 * verifyImports(), rendering, exit code. The library is imported lazily so
 * `netra --help` stays fast and other commands never load it.
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { NetraError } from '../shared/errors.js';
import { writeFileAtomic } from '../shared/fs.js';
import type { GlobalOptions } from './output.js';

interface VerifyImportsFlags {
  format?: string;
  json?: boolean;
  lang?: string;
  cycles: boolean;
  changed?: string | boolean;
  baseline?: string;
  updateBaseline?: boolean;
}

/** The `verifyImports` section of the config; the shape of VerifyImportsConfig in src/config. */
interface VerifyImportsSection {
  boundaries?: ReadonlyArray<{ from: string; disallow: readonly string[]; message?: string }>;
  critical?: readonly string[];
  ignore?: readonly string[];
}

const DEFAULT_BASELINE = 'verify-imports.baseline.json';

export function registerVerifyImportsCommand(program: Command): void {
  program
    .command('verify-imports')
    .description('statically check every Python and TS/JS import (broken modules and names, cycles, boundaries)')
    .argument('[paths...]', 'files or folders to check (default: the project root)')
    .option('--format <format>', 'text | json | github | sarif (default: text; github when GITHUB_ACTIONS=true)')
    .option('--json', 'same as --format json')
    .option('--lang <langs>', 'languages to check, comma-separated: py,ts')
    .option('--no-cycles', 'do not report import cycles')
    .option('--changed [ref]', 'only files changed since a git ref (default HEAD) and the files importing them')
    .option('--baseline <file>', `ignore the findings listed in this file (default with --update-baseline: ${DEFAULT_BASELINE})`)
    .option('--update-baseline', 'write every current finding to the baseline file and exit 0')
    .action(async (paths: string[], flags: VerifyImportsFlags, command: Command) => {
      await runVerifyImports(paths, flags, command.optsWithGlobals<GlobalOptions & VerifyImportsFlags>());
    });
}

async function runVerifyImports(paths: string[], flags: VerifyImportsFlags, globals: GlobalOptions): Promise<void> {
  const { verifyImports, renderReport, isReportFormat, buildBaseline } = await import('../imports/index.js');
  const format = flags.json ? 'json' : (flags.format ?? (process.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'text'));
  if (!isReportFormat(format)) {
    throw new NetraError('USAGE', `unknown format "${format}"`, { hint: 'use --format text, json, github or sarif' });
  }
  const langs = parseLangs(flags.lang);
  const cwd = resolve(globals.cwd ?? process.cwd());
  const { root, section, configFile } = await projectRoot(cwd, globals.config);
  const baseline = flags.baseline ?? (flags.updateBaseline ? DEFAULT_BASELINE : undefined);
  const report = await verifyImports({
    root,
    paths: paths.map((path) => resolve(cwd, path)),
    langs,
    cycles: flags.cycles,
    ...(section.boundaries ? { boundaries: section.boundaries } : {}),
    ...(section.critical ? { critical: section.critical, criticalSource: relative(root, configFile ?? root).replace(/\\/g, '/') } : {}),
    ...(section.ignore ? { ignore: section.ignore } : {}),
    ...(flags.changed === undefined || flags.changed === false ? {} : { changed: flags.changed === true ? 'HEAD' : flags.changed }),
    ...(baseline && !flags.updateBaseline ? { baseline: resolve(cwd, baseline) } : {}),
  });
  if (flags.updateBaseline && baseline) {
    const file = resolve(cwd, baseline);
    await writeFileAtomic(file, `${JSON.stringify(buildBaseline(report.findings), null, 2)}\n`);
    process.stderr.write(`verify-imports: wrote ${report.findings.length} finding(s) to ${relative(cwd, file) || file}\n`);
    return;
  }
  const rendered = renderReport(report, format, packageVersion());
  process.stdout.write(rendered.stdout);
  if (rendered.stderr) process.stderr.write(rendered.stderr);
  if (report.findings.some((finding) => finding.severity === 'error')) process.exitCode = 1;
}

function parseLangs(value: string | undefined): Array<'py' | 'ts'> | undefined {
  if (value === undefined) return undefined;
  const langs = value.split(',').map((lang) => lang.trim()).filter(Boolean);
  for (const lang of langs) {
    if (lang !== 'py' && lang !== 'ts') {
      throw new NetraError('USAGE', `unknown language "${lang}"`, { hint: 'use --lang py, --lang ts or --lang py,ts' });
    }
  }
  return langs as Array<'py' | 'ts'>;
}

/**
 * The project root (../shared/CLI.md): the config file's folder, else the git
 * work tree's root, else the working directory; plus the config's
 * `verifyImports` section when there is a config.
 */
async function projectRoot(
  cwd: string,
  configOption: string | undefined,
): Promise<{ root: string; section: VerifyImportsSection; configFile?: string }> {
  const config = await import('../config/index.js');
  const configFile = configOption ? resolve(cwd, configOption) : config.findConfigFile(cwd);
  if (configOption && !existsSync(configFile!)) {
    throw new NetraError('CONFIG_NOT_FOUND', `config file ${configOption} does not exist`);
  }
  if (configFile) {
    const resolved = await config.loadConfig({ cwd, configPath: configFile, env: { command: 'verify-imports' } });
    return { root: dirname(configFile), section: resolved.verifyImports ?? {}, configFile };
  }
  return { root: gitTopLevel(cwd) ?? cwd, section: {} };
}

function gitTopLevel(cwd: string): string | undefined {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    return top.toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
