/**
 * The report model of `netra verify-imports`, shared by the Python and the
 * TS/JS checkers, the orchestrator and every output format.
 * Findings are expected, collected failures (STYLE.md §3.3), never exceptions.
 */

export type Lang = 'py' | 'ts';

export type FindingKind =
  | 'module-not-found'
  | 'name-not-found'
  | 'relative-beyond-top'
  | 'cycle'
  | 'boundary'
  | 'unlisted-dependency';

export type Severity = 'error' | 'warning';

/** One finding, exactly the shape of ../shared/CLI.md (plus `severity`). */
export interface Finding {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  lang: Lang;
  kind: FindingKind;
  /** The import as written, e.g. `alert_manager_core` or `./util.js`. */
  specifier: string;
  /** The imported name, for `name-not-found`. */
  name?: string;
  message: string;
  /** e.g. "alert_manager_compact.CompactAlertManager". */
  suggestion?: string;
  severity: Severity;
}

/** One resolved import edge between two project files, for cycle detection. */
export interface ImportEdge {
  from: string;
  to: string;
  line: number;
  column: number;
  specifier: string;
  lang: Lang;
  /** Type-only or TYPE_CHECKING-guarded edges do not make runtime cycles. */
  typeOnly: boolean;
  /**
   * Set when the import leaves the project (stdlib, builtin, third-party):
   * `to` is then the specifier, not a file. Used by boundary rules only.
   */
  external?: boolean;
}

/** What a language checker returns for the files it was given. */
export interface LanguageReport {
  findings: Finding[];
  edges: ImportEdge[];
  /** Files of this language that were checked (relative paths). */
  checkedFiles: number;
}

/**
 * The file system a checker reads, injected (STYLE.md §3.5) so checkers are
 * pure functions over it and can be tested with an in-memory tree.
 */
export interface ImportsFs {
  readFile(path: string): Promise<string | undefined>;
  /** Entries of a directory, or undefined when it does not exist. Exact case. */
  readDir(path: string): Promise<string[] | undefined>;
  isFile(path: string): Promise<boolean>;
  isDir(path: string): Promise<boolean>;
  /**
   * Optional fast listing with entry kinds (one syscall instead of a stat per
   * entry); the walker falls back to readDir + isDir without it.
   */
  listDir?(path: string): Promise<DirEntry[] | undefined>;
}

export interface DirEntry {
  name: string;
  dir: boolean;
  /** A symbolic link (to `dir` or not): the walker does not follow linked folders, as git does not. */
  symlink?: boolean;
}

/** Runs `git <args>` in `cwd`; stdout, or undefined when git fails or is absent. */
export type GitRunner = (args: readonly string[], cwd: string) => Promise<string | undefined>;

/** Input of a language checker. */
export interface CheckContext {
  /** Absolute project root. */
  root: string;
  /** Absolute paths of the files of this language to check (already filtered by .gitignore). */
  files: string[];
  /**
   * Every file of this language in the project, when `files` is a subset
   * (`--changed`): declarations outside the subset (ambient `declare module`)
   * still count.
   */
  allFiles?: readonly string[];
  fs: ImportsFs;
  /** For suggestions from history (renamed/deleted modules); absent in pure tests. */
  git?: GitRunner;
}

/** One `verifyImports.critical` entry: `module:name` or `module`. */
export interface CriticalEntry {
  /** As written in the config. */
  raw: string;
  module: string;
  name?: string;
}

export interface LanguageChecker {
  lang: Lang;
  check(ctx: CheckContext): Promise<LanguageReport>;
  /**
   * Optional: checks entries that must resolve from the root. Returns one
   * finding per entry that does not (file/line are filled in by the caller).
   */
  checkCritical?(ctx: CheckContext, entries: readonly CriticalEntry[]): Promise<Finding[]>;
}
