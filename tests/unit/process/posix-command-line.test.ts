import { describe, expect, it } from 'vitest';
import { posixPlatform } from '../../../src/process/posix.js';

describe('posixPlatform.commandLine', () => {
  it('runs an argv array directly, without a shell', () => {
    expect(posixPlatform.commandLine(['node', 'server.js', '--port', '3000 & rm -rf /'], {})).toEqual({
      file: 'node',
      args: ['server.js', '--port', '3000 & rm -rf /'],
      shell: false,
    });
  });

  it('runs a string through /bin/sh -c, as written', () => {
    expect(posixPlatform.commandLine('npm run dev -- --port "$PORT"', {})).toEqual({
      file: '/bin/sh',
      args: ['-c', 'npm run dev -- --port "$PORT"'],
      shell: true,
    });
  });

  it('puts each service in its own process group (detached) and hides windows', () => {
    expect(posixPlatform.spawnOptions()).toEqual({ detached: true, windowsHide: true });
  });
});
