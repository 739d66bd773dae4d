import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  clearDiscovery,
  discoveryEnv,
  readAllDiscovery,
  readDiscovery,
  removeDiscovery,
  writeDiscovery,
} from '../../../src/race/index.js';

let stateDir: string;
beforeEach(async () => {
  stateDir = join(await mkdtemp(join(tmpdir(), 'netra-disc-')), '.netra');
});
afterEach(async () => {
  await rm(join(stateDir, '..'), { recursive: true, force: true });
});

const backend = { name: 'backend', host: '127.0.0.1', port: 4000, url: 'http://127.0.0.1:4000' };
const events = { name: 'events', host: '127.0.0.1', port: 4100, url: 'http://127.0.0.1:4100', wsUrl: 'ws://127.0.0.1:4100/ws' };

it('writes the CLI.md file shape and reads it back', async () => {
  await writeDiscovery(stateDir, backend);
  await writeDiscovery(stateDir, events);
  expect(JSON.parse(await readFile(join(stateDir, 'discovery', 'backend.json'), 'utf8'))).toEqual(backend);
  expect(await readDiscovery(stateDir, 'events')).toEqual(events);
  expect(await readDiscovery(stateDir, 'db')).toBeUndefined();
  expect(await readAllDiscovery(stateDir)).toEqual({ backend, events });
  // No temp files left behind by the atomic writes.
  expect((await readdir(join(stateDir, 'discovery'))).sort()).toEqual(['backend.json', 'events.json']);
});

it('overwrites an entry and skips unreadable files', async () => {
  await writeDiscovery(stateDir, backend);
  await writeDiscovery(stateDir, { ...backend, port: 4001, url: 'http://127.0.0.1:4001' });
  await writeFile(join(stateDir, 'discovery', 'broken.json'), '{');
  expect(await readAllDiscovery(stateDir)).toEqual({ backend: { ...backend, port: 4001, url: 'http://127.0.0.1:4001' } });
});

it('removes one entry, and clears them all', async () => {
  await writeDiscovery(stateDir, backend);
  await writeDiscovery(stateDir, events);
  await removeDiscovery(stateDir, 'backend');
  expect(Object.keys(await readAllDiscovery(stateDir))).toEqual(['events']);
  await clearDiscovery(stateDir);
  expect(await readAllDiscovery(stateDir)).toEqual({});
  await clearDiscovery(stateDir); // idempotent
});

it('refuses a name that would escape the folder', async () => {
  await expect(writeDiscovery(stateDir, { ...backend, name: '../lock' })).rejects.toThrow(/invalid service name/);
});

it('turns entries into NETRA_<SERVICE>_* variables', () => {
  expect(discoveryEnv([backend, { ...events, name: 'chat-events' }])).toEqual({
    NETRA_BACKEND_URL: 'http://127.0.0.1:4000',
    NETRA_BACKEND_PORT: '4000',
    NETRA_BACKEND_HOST: '127.0.0.1',
    NETRA_CHAT_EVENTS_URL: 'http://127.0.0.1:4100',
    NETRA_CHAT_EVENTS_PORT: '4100',
    NETRA_CHAT_EVENTS_HOST: '127.0.0.1',
    NETRA_CHAT_EVENTS_WS_URL: 'ws://127.0.0.1:4100/ws',
  });
});
