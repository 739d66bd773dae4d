import type { Command } from 'commander';
import type { GlobalOptions } from './output.js';

/** `netra doctor [--json]`: Node version, config validity, ports, database prerequisites; exit 1 when one fails. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check Node, the config, ports and the database prerequisites, and say how to fix each failure')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const [{ runDoctor }, { default: chalk }] = await Promise.all([import('../doctor/index.js'), import('chalk')]);
      const globals = command.optsWithGlobals<GlobalOptions>();
      const report = await runDoctor({ ...(globals.cwd ? { cwd: globals.cwd } : {}), ...(globals.config ? { configPath: globals.config } : {}) });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        for (const check of report.checks) {
          const mark = check.ok ? chalk.green('✔') : check.severity === 'warning' ? chalk.yellow('!') : chalk.red('✖');
          process.stdout.write(`${mark} ${chalk.bold(check.name)}  ${check.detail}\n`);
          if (!check.ok && check.fix) process.stdout.write(`  ${chalk.dim('fix:')} ${check.fix}\n`);
        }
      }
      process.exitCode = report.ok ? 0 : 1;
    });
}
