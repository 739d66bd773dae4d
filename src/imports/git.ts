/** The real GitRunner: `git` through execFile (no shell), undefined when git is missing or fails. */
import { execFile } from 'node:child_process';
import type { GitRunner } from './model.js';

export const runGit: GitRunner = (args, cwd) =>
  new Promise((resolve) => {
    execFile('git', [...args], { cwd, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout) => {
      resolve(error ? undefined : stdout);
    });
  });
