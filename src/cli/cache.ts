import type { Command } from 'commander';

/** `netra cache status|clear` — implemented by src/cache (issue 6). */
export function registerCacheCommands(_program: Command): void {}
