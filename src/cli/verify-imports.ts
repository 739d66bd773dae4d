import type { Command } from 'commander';

/** `netra verify-imports` — implemented by src/imports (issue 7). */
export function registerVerifyImportsCommand(_program: Command): void {}
