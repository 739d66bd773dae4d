/**
 * Per-service file watching (issue 5): chokidar 4 watches the static base
 * folder of each glob (chokidar 4 dropped glob support), events are filtered
 * with our own matcher, and a burst of changes is debounced into one
 * `onChange` with every changed file.
 */
import type { FSWatcher } from 'chokidar';
import { isAbsolute, relative, resolve } from 'node:path';
import { Debouncer } from './debouncer.js';
import { globBase, globToRegExp, toPosix } from './glob.js';

/** Never watched: huge, or written by netra itself (watching .netra would restart on every log line). */
export const DEFAULT_WATCH_IGNORE: readonly string[] = ['node_modules', '.git', '.netra'];

export const DEFAULT_DEBOUNCE_MS = 200;

export interface WatchOptions {
  /** Globs are relative to this folder. */
  cwd: string;
  /** Globs (`src/**`, `**\/*.py`) or plain files/folders. */
  paths: readonly string[];
  /** Globs to leave out; a pattern without `/` matches at any depth (`*.log`, `dist`). Added to DEFAULT_WATCH_IGNORE. */
  ignore?: readonly string[];
  /** Quiet time after the last change before `onChange` runs. */
  debounceMs?: number;
  /** Relative paths (with `/`) of every file added, changed or removed in the burst, sorted. */
  onChange: (changedFiles: string[]) => void;
  /** Watcher errors (e.g. out of inotify watches); ignored when absent. */
  onError?: (error: Error) => void;
}

export interface Watcher {
  /** Stops watching; pending changes are dropped. */
  close(): Promise<void>;
}

/** Starts watching; resolves once the initial scan is done (changes before that are not reported). */
export async function watchPaths(options: WatchOptions): Promise<Watcher> {
  const cwd = resolve(options.cwd);
  const toRelative = (path: string): string => toPosix(relative(cwd, isAbsolute(path) ? path : resolve(cwd, path)));
  const includes = options.paths.map((pattern) => globToRegExp(toRelative(pattern)));
  const ignores = [...DEFAULT_WATCH_IGNORE, ...(options.ignore ?? [])].map((pattern) =>
    globToRegExp(isAbsolute(pattern) ? toRelative(pattern) : pattern, { matchBasename: true }),
  );
  const isIgnored = (rel: string): boolean => rel !== '' && ignores.some((regexp) => regexp.test(rel));
  const bases = [...new Set(options.paths.map((pattern) => resolve(cwd, globBase(toRelative(pattern)))))];

  const debouncer = new Debouncer<string>({
    waitMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    onFlush: (files) => options.onChange(files.sort()),
  });
  // Loaded only when something is watched: most stacks start without it (start-up time).
  const { watch: chokidarWatch } = await import('chokidar');
  const watcher: FSWatcher = chokidarWatch(bases, {
    ignoreInitial: true,
    // Pruning ignored folders here keeps chokidar from descending into node_modules at all.
    ignored: (path) => isIgnored(toRelative(path)),
  });
  watcher.on('all', (event, path) => {
    if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
    const rel = toRelative(path);
    if (isIgnored(rel) || !includes.some((regexp) => regexp.test(rel))) return;
    debouncer.push(rel);
  });
  watcher.on('error', (error) => options.onError?.(error instanceof Error ? error : new Error(String(error))));
  await new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
  return {
    async close() {
      debouncer.cancel();
      await watcher.close();
    },
  };
}
