import { describe, expect, it } from 'vitest';
import { isNetraError } from '../../../src/shared/errors.js';
import { cmdArgs, cmdProgramLine, escapeCmdArgument, quoteCmdProgram, quoteForArgv } from '../../../src/process/windows-cmd.js';
import { CmdInjection, parseArgv, simulateCmd } from './cmd-model.js';

const env = { Path: 'C:\\Windows\\system32', OS: 'Windows_NT', USERPROFILE: 'C:\\Users\\dev', x: 'EXPANDED' };

const tricky: string[] = [
  'plain',
  '',
  'two words',
  'a&b',
  'a && calc.exe',
  'a|b',
  'a<b>c',
  '(parens)',
  '%PATH%',
  '%OS%',
  '%x%%x%',
  '100%',
  '!x!',
  '^',
  '^^caret^',
  '"quoted"',
  'a"b',
  'a" & calc & "',
  '" | whoami',
  'a\\"b',
  'trailing\\',
  'C:\\path with space\\',
  '\\\\server\\share',
  '\\\\"',
  'x\\\\\\\\" y',
  'a\\\\" b',
  'semi;colon,comma=equals',
  'tab\there',
  '`backtick`*?[]',
  'é ü 日本 😀',
  '--flag=value with "quotes" and %OS% & more',
];

describe('escapeCmdArgument', () => {
  it('quotes and caret-escapes like cross-spawn', () => {
    expect(escapeCmdArgument('a&b', false)).toBe('^"a^&b^"');
    expect(escapeCmdArgument('a"b', false)).toBe('^"a\\^"b^"');
    expect(escapeCmdArgument('x\\', false)).toBe('^"x\\\\^"');
    expect(escapeCmdArgument('%OS%', true)).toBe('^^^"^^^%OS^^^%^^^"');
  });

  it('quotes for argv with 2n+1 backslashes before a quote and 2n at the end', () => {
    expect(quoteForArgv('a\\\\"b')).toBe('"a\\\\\\\\\\"b"');
    expect(quoteForArgv('dir\\\\')).toBe('"dir\\\\\\\\"');
    expect(quoteForArgv('a\\b')).toBe('"a\\b"');
    expect(parseArgv(quoteForArgv('x\\\\\\\\" y'))).toEqual(['x\\\\\\\\" y']);
  });

  it('refuses line breaks and NUL, which no cmd escaping can carry', () => {
    for (const bad of ['a\nb', 'a\r\nb', 'a\0b']) {
      let caught: unknown;
      try {
        escapeCmdArgument(bad, false);
      } catch (error) {
        caught = error;
      }
      expect(isNetraError(caught) && caught.code === 'SPAWN_FAILED').toBe(true);
    }
  });
});

describe('cmd.exe round trip (modelled parser)', () => {
  const program = 'C:\\Program Files\\nodejs\\npm.cmd';

  it.each(tricky)('a .cmd shim receives %j literally', (argument) => {
    const outcome = simulateCmd(cmdArgs(cmdProgramLine(program, [argument, 'next'], true)), env, true);
    expect(outcome).toEqual({ program, argv: [argument, 'next'] });
  });

  it.each(tricky)('a non-batch target (file association) receives %j literally', (argument) => {
    const target = 'C:\\work\\tool.js';
    const outcome = simulateCmd(cmdArgs(cmdProgramLine(target, [argument], false)), env, false);
    expect(outcome).toEqual({ program: target, argv: [argument] });
  });

  it('passes every tricky argument at once, in order', () => {
    const outcome = simulateCmd(cmdArgs(cmdProgramLine(program, tricky, true)), env, true);
    expect(outcome.argv).toEqual(tricky);
  });

  it('single escaping is not enough for a batch shim: %* re-parses the arguments', () => {
    // The reason for double escaping: with one level, the shim's %* sees a bare &.
    const line = cmdProgramLine(program, ['a" & calc & "'], false);
    expect(() => simulateCmd(cmdArgs(line), env, true)).toThrow(CmdInjection);
  });

  it('keeps a program path with spaces and percent signs whole and unexpanded', () => {
    for (const path of ['C:\\Program Files\\nodejs\\npm.cmd', 'C:\\tools\\%OS%\\run.bat', 'C:\\50%\\x.cmd', 'C:\\a&b (x86)\\y.cmd']) {
      const outcome = simulateCmd(cmdArgs(cmdProgramLine(path, ['arg'], true)), env, true);
      expect(outcome).toEqual({ program: path, argv: ['arg'] });
    }
  });

  it('a naively quoted path would have %OS% expanded (the model sees the difference)', () => {
    const naive = `"C:\\tools\\%OS%\\run.bat" ${escapeCmdArgument('arg', true)}`;
    expect(simulateCmd(cmdArgs(naive), env, true).program).toBe('C:\\tools\\Windows_NT\\run.bat');
    expect(quoteCmdProgram('C:\\tools\\%OS%\\run.bat')).toBe('"C:\\tools\\"^%"OS"^%"\\run.bat"');
  });
});

describe('parseArgv (MSVCRT rules of the model)', () => {
  it('follows the documented backslash and quote rules', () => {
    expect(parseArgv('"a b" c')).toEqual(['a b', 'c']);
    expect(parseArgv('a\\\\\\"b')).toEqual(['a\\"b']);
    expect(parseArgv('"a\\\\" b')).toEqual(['a\\', 'b']);
    expect(parseArgv('a\\b')).toEqual(['a\\b']);
    expect(parseArgv('""')).toEqual(['']);
  });
});
