import type { Command } from 'commander';

/** `netra events serve|tail|verify` — implemented with the event server (issue 3). */
export function registerEventsCommands(_program: Command): void {}
