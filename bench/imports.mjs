// verify-imports side by side with its peers on generated trees, in one run:
//   Python tree (src layout, packages, relative imports, git history): netra vs pyright
//   TS tree (barrels, aliases, type imports):                          netra vs tsc --noEmit, dependency-cruiser, madge
// Wall time is the median of RUNS runs of each tool as a child process, the tools'
// runs interleaved so each sees the same background load; peak RSS comes
// from /usr/bin/time -f %M (max resident set of the child). "found" checks that every
// broken import the peer reports (pyright: reportMissingImports and
// reportAttributeAccessIssue on imports; tsc: TS2305/2307/2614/2724) is also a netra finding.
// Usage: npm run build && node bench/imports.mjs [modules=2000] [runs=3] [peerRuns=runs]
// (peerRuns lets a loaded machine run the slow peers fewer times; medians need runs >= 3.)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePythonTree } from './imports-py-tree.mjs';
import { generateTsTree } from './imports-ts-tree.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(repo, 'bench/node_modules/.bin', name);
const MODULES = Number(process.argv[2] ?? 2000);
const RUNS = Number(process.argv[3] ?? 3);
const PEER_RUNS = Number(process.argv[4] ?? RUNS);
const PER_FOLDER = 50;
const hasTime = existsSync('/usr/bin/time');

function run(command, args, cwd, env = {}) {
  const argv = hasTime ? ['/usr/bin/time', '-f', '@@rss=%M', command, ...args] : [command, ...args];
  const started = performance.now();
  const result = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1', ...env } });
  const ms = performance.now() - started;
  const rss = Number(/@@rss=(\d+)/.exec(result.stderr ?? '')?.[1] ?? NaN) / 1024;
  return { ms, rss, stdout: result.stdout ?? '', stderr: result.stderr ?? '', code: result.status };
}

/**
 * Runs every tool `runs` times, interleaved (a, b, c, a, b, c, …), so that on a
 * shared machine each tool sees the same background load; reports medians.
 * Tools measured fewer times (peers) take part in the first rounds only.
 */
function measureAll(tools, cwd) {
  const samples = tools.map(() => []);
  const rounds = Math.max(...tools.map((tool) => tool.runs ?? RUNS));
  for (let round = 0; round < rounds; round++) {
    tools.forEach((tool, i) => {
      if (round < (tool.runs ?? RUNS)) samples[i].push(run(tool.command, tool.args, cwd, tool.env));
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return tools.map((tool, i) => {
    const mine = samples[i];
    const last = mine[mine.length - 1];
    const result = { label: tool.label, ms: median(mine.map((s) => s.ms)), rss: Math.max(...mine.map((s) => s.rss)), last };
    console.log(`  ${tool.label.padEnd(34)} ${result.ms.toFixed(0).padStart(7)} ms  ${result.rss.toFixed(0).padStart(5)} MB peak RSS  (exit ${last.code}, ${mine.length} run${mine.length === 1 ? '' : 's'})`);
    return result;
  });
}

function ratio(peer, netra) {
  return `${(peer.ms / netra.ms).toFixed(1)}× faster, ${(peer.rss / netra.rss).toFixed(1)}× less memory`;
}

const netraArgs = (lang) => [join(repo, 'bin/netra.js'), 'verify-imports', '--lang', lang, '--format', 'json'];
const netraKeys = (stdout) => new Set(JSON.parse(stdout).findings.map((f) => `${f.file}:${f.line}`));

function pythonBench() {
  const root = mkdtempSync(join(tmpdir(), 'netra-bench-py-'));
  try {
    const { modules, broken } = generatePythonTree(root, { packages: Math.max(1, Math.round(MODULES / PER_FOLDER)), modulesPerPackage: PER_FOLDER });
    console.log(`\nPython tree: ${modules} modules, ${broken.length} broken imports planted (${root})`);
    const [netra, withWorker, pyright] = measureAll([
      { label: 'netra verify-imports --lang py', command: process.execPath, args: netraArgs('py') },
      { label: '  same, NETRA_IMPORTS_WORKERS=1', command: process.execPath, args: netraArgs('py'), env: { NETRA_IMPORTS_WORKERS: '1' } },
      { label: 'pyright --outputjson', command: bin('pyright'), args: ['--outputjson'], runs: PEER_RUNS },
    ], root);
    const found = netraKeys(netra.last.stdout);
    const diagnostics = JSON.parse(pyright.last.stdout).generalDiagnostics ?? [];
    const real = diagnostics.filter((d) =>
      (d.rule === 'reportMissingImports' && /"(?:app|\.)[^"]*"/.test(d.message)) ||
      (d.rule === 'reportAttributeAccessIssue' && /unknown import symbol/.test(d.message)));
    const missed = real.filter((d) => !found.has(`${d.file.slice(root.length + 1)}:${d.range.start.line + 1}`));
    const planted = broken.filter((b) => !found.has(`${b.file}:${b.line}`));
    console.log(`  pyright: ${real.length} broken imports reported; netra missed ${missed.length}${missed.map((d) => `\n    ${d.file}:${d.range.start.line + 1} ${d.message}`).join('')}`);
    console.log(`  planted: ${broken.length}; netra missed ${planted.length}; netra findings ${found.size}`);
    console.log(`  → netra vs pyright: ${ratio(pyright, netra)}; with a parse worker ${(pyright.ms / withWorker.ms).toFixed(1)}×`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function tsBench() {
  const root = mkdtempSync(join(tmpdir(), 'netra-bench-ts-'));
  try {
    const { files, broken } = generateTsTree(root, { folders: Math.max(1, Math.round(MODULES / PER_FOLDER)), filesPerFolder: PER_FOLDER });
    spawnSync('git', ['init', '-q'], { cwd: root });
    console.log(`\nTS tree: ${files} files, ${broken.length} broken imports planted (${root})`);
    const [netra, tsc, depcruise, madge] = measureAll([
      { label: 'netra verify-imports --lang ts', command: process.execPath, args: netraArgs('ts') },
      { label: 'tsc --noEmit', command: bin('tsc'), args: ['--noEmit', '-p', '.'], runs: PEER_RUNS },
      { label: 'depcruise (json)', command: bin('depcruise'), args: ['--no-config', '--ts-config', 'tsconfig.json', '--output-type', 'json', 'src'], runs: PEER_RUNS },
      { label: 'madge --json', command: bin('madge'), args: ['--json', '--extensions', 'ts', '--ts-config', 'tsconfig.json', 'src'], runs: PEER_RUNS },
    ], root);
    const found = netraKeys(netra.last.stdout);
    const real = [...tsc.last.stdout.matchAll(/^(src\/[^(]+)\((\d+),\d+\): error (TS2305|TS2307|TS2614|TS2724)/gm)];
    const missed = real.filter((m) => !found.has(`${m[1]}:${m[2]}`));
    const planted = broken.filter((b) => !found.has(`${b.file}:${b.line}`));
    console.log(`  tsc: ${real.length} broken imports reported; netra missed ${missed.length}${missed.map((m) => `\n    ${m[0]}`).join('')}`);
    console.log(`  planted: ${broken.length}; netra missed ${planted.length}; netra findings ${found.size}`);
    console.log(`  → netra vs tsc: ${ratio(tsc, netra)}`);
    console.log(`  → netra vs dependency-cruiser: ${ratio(depcruise, netra)}`);
    console.log(`  → netra vs madge: ${ratio(madge, netra)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(`verify-imports benchmark: ~${MODULES} files per tree, median of ${RUNS} runs (peers ${PEER_RUNS}), ${hasTime ? 'peak RSS via /usr/bin/time' : 'no /usr/bin/time: RSS unavailable'}`);
pythonBench();
tsBench();
