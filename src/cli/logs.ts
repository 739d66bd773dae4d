import type { Command } from 'commander';

/** `netra logs` — implemented by the log streaming module (issue 4). */
export function registerLogsCommand(_program: Command): void {}
