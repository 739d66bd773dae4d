/**
 * The demo stack of `npm run dev` end to end, in a temporary project: PGlite,
 * the chat event server and the chat backend come up; the backend stores and
 * returns messages; `netra events verify` drives a real agent run and passes;
 * everything stops cleanly.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot, runNetra, startNetra } from '../helpers/run-netra.js';
import { liveMarkedProcesses } from '../helpers/stack-processes.js';
import { projectForTest } from '../helpers/temp-project.js';

const demoConfig = `import { defineConfig } from 'netra';
export default defineConfig({
  services: {
    db: { kind: 'pglite', port: 'auto', migrations: ${JSON.stringify(join(repoRoot, 'examples/chat-backend/migrations'))} },
    events: { kind: 'events', port: 'auto', verify: { trigger: '\${services.backend.url}/api/chat' } },
    backend: {
      command: ['node', '--import', ${JSON.stringify(join(repoRoot, 'node_modules/jiti/lib/jiti-register.mjs'))}, ${JSON.stringify(join(repoRoot, 'examples/chat-backend/server.ts'))}],
      port: 'auto',
      dependsOn: ['db', { service: 'events', condition: 'ready' }],
      ready: { http: 'http://127.0.0.1:\${PORT}/health/ready', timeout: 60_000, interval: 100 },
    },
  },
});
`;

it('the demo stack comes up, stores and returns a message, and passes netra events verify', async (ctx) => {
  const project = await projectForTest(ctx, demoConfig);
  const netra = startNetra(['dev', 'up'], { cwd: project.dir, timeout: 120_000 });
  ctx.onTestFinished(() => netra.dispose());
  await netra.waitForLine('stderr', /netra › backend: ready in/, 90_000);
  const backendUrl = (JSON.parse(await readText(project.path('.netra/discovery/backend.json'))) as { url: string }).url;

  const stored = await fetch(`${backendUrl}/api/messages`, {
    method: 'POST',
    body: JSON.stringify({ threadId: 'e2e', text: 'hello netra' }),
  });
  expect(stored.status).toBe(201);
  const listed = (await (await fetch(`${backendUrl}/api/messages?threadId=e2e`)).json()) as { messages: { content: string }[] };
  expect(listed.messages.map((m) => m.content)).toEqual(['hello netra']);

  const chat = (await (await fetch(`${backendUrl}/api/chat`, {
    method: 'POST',
    body: JSON.stringify({ threadId: 'e2e', message: 'how many?' }),
  })).json()) as { answer: string; outcome: string; runId: string };
  expect(chat.outcome).toBe('completed');
  expect(chat.answer).toBe('This thread has 2 messages.');

  const verify = await runNetra(['events', 'verify', '--timeout', '60'], { cwd: project.dir, timeout: 90_000 });
  expect(verify.code, verify.stderr).toBe(0);
  expect(verify.stdout).toMatch(/I1–I5 hold/);

  netra.signal('SIGINT');
  const exit = await netra.exited;
  expect(exit.code, exit.stderr).toBe(0);
  expect(liveMarkedProcesses(netra.marker)).toEqual([]);
  expect(project.hasLock()).toBe(false);
});

async function readText(path: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(path, 'utf8');
}
