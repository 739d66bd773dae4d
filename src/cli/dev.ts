import type { Command } from 'commander';

/** `netra dev up|down|status|restart`. */
export function registerDevCommands(_program: Command): void {}
