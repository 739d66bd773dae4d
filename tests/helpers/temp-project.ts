/**
 * A throw-away project folder with a `launcher.config.ts`, as a user would
 * write it (`import { defineConfig } from 'netra'`), and readers for what
 * netra leaves in `.netra/`.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LogFileRecord {
  ts: string;
  service: string;
  stream: 'stdout' | 'stderr' | 'netra';
  line: string;
  seq: number;
}

export interface TempProject {
  readonly dir: string;
  /** `<dir>/<relative>`. */
  path(relative: string): string;
  writeFile(relative: string, content: string): Promise<void>;
  /** The records of `.netra/logs/<service>.log` and its rotations (`.log.N` … `.log.1` first, oldest first). */
  readLog(service: string): Promise<LogFileRecord[]>;
  /** Raw text of `.netra/logs/<service>.log`. */
  readLogText(service: string): Promise<string>;
  hasLock(): boolean;
  cleanup(): Promise<void>;
}

/** A config body: a services object (serialised as JSON) or the whole config file's source. */
export type ConfigSource = { services: Record<string, unknown> } | string;

export function configSource(config: ConfigSource): string {
  if (typeof config === 'string') return config;
  return `import { defineConfig } from 'netra';\n\nexport default defineConfig(${JSON.stringify(config, null, 2)});\n`;
}

/** A project removed when the test ends; takes the test context so it works in concurrent tests. */
export async function projectForTest(
  ctx: { onTestFinished(fn: () => Promise<void> | void): void },
  config: ConfigSource,
): Promise<TempProject> {
  const project = await createProject(config);
  ctx.onTestFinished(() => project.cleanup());
  return project;
}

export async function createProject(config: ConfigSource, prefix = 'netra-devup-'): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(join(dir, 'launcher.config.ts'), configSource(config));
  const path = (relative: string): string => join(dir, relative);
  const readLogText = async (service: string): Promise<string> => {
    try {
      return await readFile(path(`.netra/logs/${service}.log`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  };
  return {
    dir,
    path,
    writeFile: async (relative, content) => {
      await mkdir(dirname(path(relative)), { recursive: true });
      await writeFile(path(relative), content);
    },
    readLog: async (service) =>
      (await readRotations(path('.netra/logs'), service))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as LogFileRecord),
    readLogText,
    hasLock: () => existsSync(path('.netra/lock')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** `<service>.log.N` … `<service>.log.1`, `<service>.log` concatenated, oldest first. */
async function readRotations(logDir: string, service: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
  const rotated = names
    .map((name) => ({ name, n: name === `${service}.log` ? 0 : Number(name.slice(`${service}.log.`.length)) }))
    .filter(({ name, n }) => name === `${service}.log` || (name.startsWith(`${service}.log.`) && Number.isInteger(n) && n > 0))
    .sort((a, b) => b.n - a.n);
  const texts = await Promise.all(rotated.map(({ name }) => readFile(join(logDir, name), 'utf8')));
  return texts.join('');
}
