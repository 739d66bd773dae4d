import type { Command } from 'commander';

/** `netra alerts` — implemented by src/alerts (issue 8). */
export function registerAlertsCommand(_program: Command): void {}
