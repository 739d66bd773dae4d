import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, stat, writeFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot, resolveEventsEndpoint, writeEventsToken } from '../../../src/events/index.js';

describe('finding the running stack through .netra/', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function project(): Promise<string> {
    const root = await realpath(await mkdtemp(join(tmpdir(), 'netra-events-')));
    dirs.push(root);
    await writeFile(join(root, 'launcher.config.mjs'), 'export default {};\n');
    await mkdir(join(root, 'src', 'deep'), { recursive: true });
    return root;
  }

  it('walks up to the config, reads the discovery file with wsUrl, the token and the backend trigger', async () => {
    const root = await project();
    await mkdir(join(root, '.netra', 'discovery'), { recursive: true });
    await writeFile(join(root, '.netra', 'discovery', 'db.json'), JSON.stringify({ name: 'db', host: '127.0.0.1', port: 5432, url: 'postgres://x' }));
    await writeFile(join(root, '.netra', 'discovery', 'events.json'), JSON.stringify({ name: 'events', host: '127.0.0.1', port: 4800, url: 'http://127.0.0.1:4800', wsUrl: 'ws://127.0.0.1:4800/v1/events' }));
    await writeFile(join(root, '.netra', 'discovery', 'backend.json'), JSON.stringify({ name: 'backend', host: '127.0.0.1', port: 4100, url: 'http://127.0.0.1:4100/' }));
    const tokenFile = await writeEventsToken(join(root, '.netra'), 'ab'.repeat(32));
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

    const cwd = join(root, 'src', 'deep');
    expect(findProjectRoot(cwd)).toBe(root);
    expect(await resolveEventsEndpoint({ cwd, env: {} })).toEqual({
      wsUrl: 'ws://127.0.0.1:4800/v1/events',
      token: 'ab'.repeat(32),
      triggerUrl: 'http://127.0.0.1:4100/api/chat',
      root,
    });
    const flags = await resolveEventsEndpoint({ cwd, env: {}, url: 'ws://127.0.0.1:1/v1/events', token: 't', trigger: 'http://x/t' });
    expect(flags).toMatchObject({ wsUrl: 'ws://127.0.0.1:1/v1/events', token: 't', triggerUrl: 'http://x/t' });
  });

  it('says what is missing: no config, no running stack, no token', async () => {
    const root = await project();
    await expect(resolveEventsEndpoint({ cwd: tmpdir(), config: undefined, env: {} }).catch((e: { code: string }) => e.code)).resolves.toMatch(/CONFIG_NOT_FOUND|NO_RUNNING_STACK/);
    await expect(resolveEventsEndpoint({ cwd: root, env: {} })).rejects.toMatchObject({ code: 'NO_RUNNING_STACK' });
    await expect(resolveEventsEndpoint({ cwd: root, env: { NETRA_EVENTS_URL: 'ws://127.0.0.1:9/v1/events' } })).rejects.toMatchObject({
      code: 'NO_RUNNING_STACK',
      message: 'no events token found',
    });
  });
});
