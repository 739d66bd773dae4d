/**
 * A model of how a `cmd.exe /d /s /c "<line>"` command line reaches a
 * program's argv, so the escaping of src/process/windows-cmd.ts can be
 * checked on Linux. It follows the parser phases described by jeb and
 * dbenham ("How does the Windows Command Interpreter (CMD.EXE) parse
 * scripts?", Stack Overflow 4094699) and the MSVCRT argv rules:
 *
 * 1. `/s /c "…"`: the first and last quote are stripped;
 * 2. phase 1, command-line context: `%name%` is replaced when `name` is
 *    defined; otherwise the `%` stays and scanning resumes after it;
 * 3. phase 2: `"` toggles quoting; outside quotes `^` makes the next
 *    character literal and an unescaped `& | < > ( )` is an operator
 *    (reported here as an injection);
 * 4. a batch file expanding `%*` puts that text back through phase 2
 *    (phase 1 does not rescan the expanded text);
 * 5. the program splits its command line with the MSVCRT rules.
 *
 * Delayed expansion (`!var!`) is off, as it is by default.
 */

export class CmdInjection extends Error {}

export interface CmdOutcome {
  /** The program token with its quotes removed. */
  program: string;
  /** The arguments as the started program's argv parser sees them. */
  argv: string[];
}

export function simulateCmd(
  cmdArguments: readonly string[],
  env: Readonly<Record<string, string>>,
  targetIsBatch: boolean,
): CmdOutcome {
  const [d, s, c, quotedLine, ...rest] = cmdArguments;
  if (d !== '/d' || s !== '/s' || c !== '/c' || quotedLine === undefined || rest.length > 0) {
    throw new Error(`not a cmd /d /s /c line: ${cmdArguments.join(' ')}`);
  }
  if (!quotedLine.startsWith('"') || !quotedLine.endsWith('"')) throw new Error('the /c line is not quoted');
  const line = quotedLine.slice(1, -1);
  const parsed = specialCharacters(expandPercent(line, env));
  const { program, tail } = splitProgram(parsed);
  // A batch shim runs `"%_prog%" "%dp0%\…\cli.js" %*`: the tail goes through phase 2 again.
  const programTail = targetIsBatch ? specialCharacters(tail) : tail;
  return { program, argv: parseArgv(programTail) };
}

function expandPercent(text: string, env: Readonly<Record<string, string>>): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char !== '%') {
      out += char;
      i += 1;
      continue;
    }
    const close = text.indexOf('%', i + 1);
    if (close === -1) {
      out += text.slice(i);
      break;
    }
    const name = text.slice(i + 1, close).toUpperCase();
    const match = Object.entries(env).find(([key]) => key.toUpperCase() === name);
    if (match && name.length > 0) {
      out += match[1];
      i = close + 1;
    } else {
      out += '%';
      i += 1;
    }
  }
  return out;
}

const OPERATORS = new Set(['&', '|', '<', '>', '(', ')']);

function specialCharacters(text: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '"') {
      quoted = !quoted;
      out += char;
    } else if (quoted) {
      out += char;
    } else if (char === '^') {
      i += 1;
      if (i < text.length) out += text[i]!;
    } else if (OPERATORS.has(char)) {
      throw new CmdInjection(`unescaped ${char} at ${i} in ${text}`);
    } else {
      out += char;
    }
  }
  return out;
}

function splitProgram(text: string): { program: string; tail: string } {
  let quoted = false;
  let i = 0;
  for (; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ' ' || char === '\t')) break;
  }
  return { program: text.slice(0, i).replace(/"/g, ''), tail: text.slice(i) };
}

/** MSVCRT (post-2008) command-line splitting. */
export function parseArgv(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (i >= text.length) return args;
    let current = '';
    let quoted = false;
    while (i < text.length) {
      const char = text[i]!;
      if (!quoted && (char === ' ' || char === '\t')) break;
      if (char === '\\') {
        let count = 0;
        while (text[i + count] === '\\') count += 1;
        if (text[i + count] === '"') {
          current += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            current += '"';
            i += count + 1;
          } else {
            i += count;
          }
        } else {
          current += '\\'.repeat(count);
          i += count;
        }
        continue;
      }
      if (char === '"') {
        if (quoted && text[i + 1] === '"') {
          current += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i += 1;
        }
        continue;
      }
      current += char;
      i += 1;
    }
    args.push(current);
  }
}
