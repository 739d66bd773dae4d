/**
 * Command lines for cmd.exe. Since Node 18.20.2 / 20.12.2 (CVE-2024-27980,
 * "BatBadBut") spawning a .cmd/.bat without a shell throws EINVAL, because
 * Windows silently runs them through cmd.exe, which re-parses the arguments.
 * So netra runs them through `cmd.exe /d /s /c "<line>"` itself and builds the
 * line so that cmd passes every argument through literally.
 *
 * The escaping follows cross-spawn (lib/util/escape.js, after
 * https://qntm.org/cmd): each argument is first quoted for the program's own
 * argv parser (MSVCRT rules, see quoteForArgv), then every cmd metacharacter,
 * the quotes included, gets a caret.
 * Caret-escaped quotes never open a quoted region in cmd, so `&`, `|`, `<`,
 * `>`, `(`, `)` are always escaped rather than "protected" by quotes whose
 * state an argument could flip. `%` and `!` are escaped too: `^%PATH^%` names
 * a variable `PATH^`, which does not exist, so nothing expands.
 *
 * A batch file parses its arguments a second time when it expands `%*` (every
 * npm/pnpm/yarn shim does: `"%_prog%" "%dp0%\…\cli.js" %*`), so for .cmd/.bat
 * targets the carets are doubled: the first parse leaves one level for the
 * second.
 */
import { NetraError } from '../shared/errors.js';

/** The characters cmd.exe treats specially outside quotes, as cross-spawn escapes them. */
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/** `/d` skips AutoRun commands from the registry, `/s /c "…"` strips exactly the outer quotes. */
export function cmdArgs(line: string): string[] {
  return ['/d', '/s', '/c', `"${line}"`];
}

/** One argument escaped for cmd.exe and the MSVCRT argv parser of the program it starts. */
export function escapeCmdArgument(argument: string, doubleEscape: boolean): string {
  refuseLineBreaks(argument);
  let escaped = quoteForArgv(argument).replace(CMD_META, '^$1');
  if (doubleEscape) escaped = escaped.replace(CMD_META, '^$1');
  return escaped;
}

/**
 * Quotes one argument for the MSVCRT argv parser: n backslashes before a
 * quote become 2n+1 and the quote, n backslashes at the end become 2n (the
 * closing quote follows), other backslashes stay. A linear scan rather than
 * cross-spawn's regexes: its ReDoS-safe rewrite in 7.0.5
 * (`/(?=(\\+?)?)\1"/g`) doubles only the last backslash of a run, so in
 * `a\\" b` the quote ends the quoting and the argument splits in two (the
 * unit tests cover such runs).
 */
export function quoteForArgv(argument: string): string {
  let quoted = '"';
  let backslashes = 0;
  for (const char of argument) {
    if (char === '\\') {
      backslashes += 1;
      continue;
    }
    quoted += '\\'.repeat(char === '"' ? backslashes * 2 + 1 : backslashes) + char;
    backslashes = 0;
  }
  return `${quoted}${'\\'.repeat(backslashes * 2)}"`;
}

/**
 * The program path as the first token: quoted (so spaces, as in
 * `C:\Program Files\nodejs\npm.cmd`, stay inside it; paths cannot contain
 * quotes), with each `%` moved outside the quotes and caret-escaped
 * (`"C:\50"^%"\x.cmd"`), since inside quotes cmd still expands `%VAR%`.
 */
export function quoteCmdProgram(path: string): string {
  refuseLineBreaks(path);
  return `"${path.replace(/%/g, '"^%"')}"`;
}

/** The `/c` line that runs `program` (a resolved path) with `args` passed literally. */
export function cmdProgramLine(program: string, args: readonly string[], isBatch: boolean): string {
  return [quoteCmdProgram(program), ...args.map((argument) => escapeCmdArgument(argument, isBatch))].join(' ');
}

/** cmd.exe ends a command at a line break; no escaping carries one into an argument. */
function refuseLineBreaks(value: string): void {
  if (/[\r\n\0]/.test(value)) {
    throw new NetraError('SPAWN_FAILED', `cannot pass ${JSON.stringify(value)} through cmd.exe: it contains a line break or NUL`, {
      hint: 'pass the value through an environment variable instead of an argument',
    });
  }
}
