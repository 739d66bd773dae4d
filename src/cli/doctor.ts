import type { Command } from 'commander';

/** `netra doctor`. */
export function registerDoctorCommand(_program: Command): void {}
