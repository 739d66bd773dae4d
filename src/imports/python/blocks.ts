/**
 * The blocks of the Python parser's stack and what they mean for the imports
 * inside them: function scope (lazy imports, no module bindings) and guards.
 */
import type { Guard } from './module-info.js';
import type { Token } from './tokenize.js';

export interface Block {
  indent: number;
  kind: string;
  /** def or class: names bound inside are not module attributes. */
  scope: boolean;
  /** def: imports inside run lazily. */
  lazy: boolean;
  catchModule: boolean;
  catchName: boolean;
  typeChecking: boolean;
  platform: boolean;
  /** For an except/else handler: its try block, whose catches guard the fallback too. */
  tryBlock?: Block;
}

const PLATFORM_NAMES = /^(?:PY\d*|PY_\d+|PYPY|IS_\w+|HAS_\w+|_HAS_\w+|WIN(?:DOWS|32)?|MACOS|LINUX|POSIX)$/;

/** Marks `if`/`elif` blocks whose condition is TYPE_CHECKING or about the platform or Python version. */
export function classifyCondition(block: Block, condition: readonly Token[]): void {
  const negated = condition[0]?.value === 'not';
  for (let i = 0; i < condition.length; i++) {
    const token = condition[i]!;
    if (token.kind !== 'name') continue;
    if (token.value === 'TYPE_CHECKING' && !negated) block.typeChecking = true;
    const next = condition[i + 2]?.value;
    if (condition[i + 1]?.value === '.') {
      if (token.value === 'sys' && ['platform', 'version_info', 'implementation', 'maxsize', 'hexversion'].includes(next ?? '')) block.platform = true;
      if ((token.value === 'os' && next === 'name') || token.value === 'platform') block.platform = true;
      if (next === 'find_spec' || next === 'find_loader') block.platform = true;
    }
    if (token.value === 'find_spec' || PLATFORM_NAMES.test(token.value)) block.platform = true;
    // `if "." in __name__: from .x import y else: from x import y` (generated parsers)
    if ((token.value === '__name__' || token.value === '__package__') && !condition.some((t) => t.text === '__main__')) block.platform = true;
  }
}

/** The colon ending a compound statement's header: the first one outside brackets. */
export function headerColon(tokens: readonly Token[]): number {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const value = tokens[i]!.value;
    if (tokens[i]!.kind !== 'op') continue;
    if (value === '(' || value === '[' || value === '{') depth++;
    else if (value === ')' || value === ']' || value === '}') depth--;
    else if (value === ':' && depth === 0) return i;
  }
  return -1;
}

/** What the blocks around an import cover when it fails. */
export function guardOf(chain: readonly Block[]): Guard {
  const guard: Guard = { module: false, name: false, typeChecking: false };
  for (const block of chain) {
    const source = block.kind === 'try' ? block : block.tryBlock && block.kind !== 'else' ? block.tryBlock : undefined;
    if (source?.catchModule || block.catchModule || block.platform) guard.module = true;
    if (source?.catchName || block.catchName || block.platform) guard.name = true;
    if (block.typeChecking) guard.typeChecking = true;
  }
  return guard;
}
