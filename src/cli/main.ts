/**
 * The entry of the built CLI (bin/netra.js imports it). `netra --help` is
 * answered from the snapshot written at build time when it is current
 * (help-snapshot.ts); everything else loads the commander program.
 */
import { mark } from '../shared/timeline.js';
import { helpWidth, readHelpSnapshot } from './help-snapshot.js';

mark('cli entry');

const args = process.argv.slice(2);
const help = args.length === 1 && (args[0] === '--help' || args[0] === '-h') ? readHelpSnapshot(helpWidth()) : undefined;
if (help === undefined) {
  const { main } = await import('./program.js');
  mark('program loaded');
  await main(process.argv);
} else {
  process.stdout.write(help);
}
