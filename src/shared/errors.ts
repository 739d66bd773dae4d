/**
 * The one error model of netra (STYLE.md §3.2–3.3): library code throws a
 * `NetraError` with a literal `code`, an optional user-facing `hint` and the
 * exit code of the CLI contract; only `src/cli/main.ts` turns it into output.
 */

/** Exit codes of ../shared/CLI.md. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  lockHeld: 3,
  forcedSigint: 130,
  forcedSigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export type NetraErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_LOAD_FAILED'
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'UNKNOWN_SERVICE'
  | 'PORT_IN_USE'
  | 'LOCK_HELD'
  | 'NO_RUNNING_STACK'
  | 'SPAWN_FAILED'
  | 'SERVICE_FAILED'
  | 'READINESS_FAILED'
  | 'SETUP_FAILED'
  | 'DB_PREREQUISITE_MISSING'
  | 'EVENT_CONTRACT_VIOLATED'
  | 'IMPORTS_BROKEN'
  | 'INTERNAL';

const defaultExitCodes: Record<NetraErrorCode, ExitCodeValue> = {
  CONFIG_NOT_FOUND: ExitCode.usage,
  CONFIG_LOAD_FAILED: ExitCode.usage,
  CONFIG_INVALID: ExitCode.usage,
  USAGE: ExitCode.usage,
  UNKNOWN_SERVICE: ExitCode.usage,
  PORT_IN_USE: ExitCode.usage,
  LOCK_HELD: ExitCode.lockHeld,
  NO_RUNNING_STACK: ExitCode.failed,
  SPAWN_FAILED: ExitCode.failed,
  SERVICE_FAILED: ExitCode.failed,
  READINESS_FAILED: ExitCode.failed,
  SETUP_FAILED: ExitCode.failed,
  DB_PREREQUISITE_MISSING: ExitCode.usage,
  EVENT_CONTRACT_VIOLATED: ExitCode.failed,
  IMPORTS_BROKEN: ExitCode.failed,
  INTERNAL: ExitCode.failed,
};

export interface NetraErrorOptions {
  /** What the user can do about it, printed under the message. */
  hint?: string;
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** Overrides the code's default exit code. */
  exitCode?: ExitCodeValue;
  /** Extra lines printed under the message (e.g. every validation issue). */
  details?: readonly string[];
}

export class NetraError extends Error {
  readonly code: NetraErrorCode;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  readonly details: readonly string[];

  constructor(code: NetraErrorCode, message: string, options: NetraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetraError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? defaultExitCodes[code];
    this.details = options.details ?? [];
  }
}

/** Works across realms and bundles, unlike `instanceof` (as execa's isExecaError). */
export function isNetraError(value: unknown): value is NetraError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === 'NetraError' &&
    typeof (value as { code?: unknown }).code === 'string'
  );
}

/** A readable one-line message for any thrown value. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
