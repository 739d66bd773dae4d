// The least any Node.js launcher can do, as a reference point for bench/dev-up.mjs: no config,
// no readiness probes, no log files, no process-group handling — spawn each command, prefix its
// lines, exit when all have exited (their pipes are all that keeps it alive). Its figures are the
// floor set by Node's own start-up and by the children's; a real launcher can only approach them.
// Usage: node floor-launcher.mjs '["name","argv0","arg",...]' ...   (or --help)
import { spawn } from 'node:child_process';

if (process.argv[2] === '--help') {
  process.stdout.write('usage: floor-launcher.mjs \'["name","cmd","arg",...]\' ...\n');
  process.exit(0);
}
const children = [];
for (const spec of process.argv.slice(2)) {
  const [name, command, ...args] = JSON.parse(spec);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const prefix = Buffer.from(`${name} | `);
  let rest = Buffer.alloc(0);
  child.stdout.on('data', (chunk) => {
    const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const parts = [];
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      parts.push(prefix, data.subarray(start, nl + 1));
      start = nl + 1;
    }
    rest = data.subarray(start);
    if (parts.length > 0 && !process.stdout.write(Buffer.concat(parts))) {
      child.stdout.pause();
      process.stdout.once('drain', () => child.stdout.resume());
    }
  });
}
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
