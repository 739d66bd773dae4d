#!/usr/bin/env node
// `npm run bench`: every benchmark, side by side with its peer tools (installed in
// bench/node_modules by `npm ci --prefix bench`). Not part of `npm test` or CI.
// Usage: node bench/run.mjs [name...]   (names: dev-up logs events race cache imports alerts)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const all = ['dev-up', 'logs', 'events', 'race', 'cache', 'imports', 'alerts'];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;

if (!existsSync(`${here}node_modules`)) {
  console.error('installing the peer tools of the benchmarks (bench/node_modules)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const failed = [];
for (const name of wanted) {
  const script = `${here}${name}.mjs`;
  if (!existsSync(script)) {
    console.error(`no benchmark ${name} (${script})`);
    failed.push(name);
    continue;
  }
  console.log(`\n=== bench/${name}.mjs ===`);
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\nbenchmarks that failed: ${failed.join(', ')}`);
  process.exit(1);
}
