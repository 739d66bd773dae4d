import { describe, expect, it } from 'vitest';
import { shutdownSignals } from '../../../src/process/shutdown-signals.js';

describe('shutdownSignals', () => {
  it('is Ctrl+C, SIGTERM and hang-up on POSIX', () => {
    expect(shutdownSignals('posix')).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
  });

  it('is Ctrl+C, Ctrl+Break and console close on Windows (Node maps them to SIGINT, SIGBREAK, SIGHUP)', () => {
    expect(shutdownSignals('windows')).toEqual(['SIGINT', 'SIGBREAK', 'SIGHUP']);
  });
});
