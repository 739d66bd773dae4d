import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBrokenServer } from '../../fixtures/events/broken-server.js';
import type { BrokenMode, BrokenServer } from '../../fixtures/events/broken-server.js';
import { useEventServer } from './server-fixture.js';
import { verifyEventContract } from '../../../src/events/index.js';
import { runDemoChat } from '../../../examples/chat-backend/agent.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the CLI from source (jiti), as a user would run the built bin. */
function netra(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'jiti/register', 'src/cli/main.ts', ...args], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** A demo-backend stand-in: POST {threadId, message} runs the real demo agent through the real server. */
async function startTrigger(url: string, token: string, lookup = async () => 2): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { threadId, message } = JSON.parse(body) as { threadId: string; message: string };
      runDemoChat({ url, token, threadId, message, lookup }).then(
        (result) => res.writeHead(200).end(JSON.stringify(result)),
        (error: unknown) => res.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/chat`, server };
}

describe('netra events verify', () => {
  const h = useEventServer();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function broken(mode: BrokenMode): Promise<BrokenServer> {
    const server = await startBrokenServer(mode);
    cleanups.push(() => server.close());
    return server;
  }

  async function trigger(url: string, token: string) {
    const t = await startTrigger(url, token);
    cleanups.push(() => new Promise<void>((resolve) => t.server.close(() => resolve())));
    return t.url;
  }

  it('passes a real demo run through the real server', async () => {
    const server = await h.start();
    const report = await verifyEventContract({ wsUrl: server.url, token: server.token, triggerUrl: await trigger(server.url, server.token), timeoutMs: 10_000 });
    expect(report.violations).toEqual([]);
    expect(report.events.map((e) => e.event)).toEqual([
      'agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_thinking', 'agent_completed',
    ]);
    expect(report.events.at(-1)!.payload).toMatchObject({ result: { answer: 'This thread has 2 messages.' } });
    expect(report.summary).toMatch(/^event contract ok/);
  });

  it('passes the failure paths too: a run that ends in agent_error and one whose agent dies', async () => {
    const server = await h.start({ publisherLostMs: 100 });
    const url = await trigger(server.url, server.token);
    const error = await verifyEventContract({ wsUrl: server.url, token: server.token, triggerUrl: url, timeoutMs: 10_000, message: 'please #agent-error' });
    expect(error.ok).toBe(true);
    expect(error.events.at(-1)).toMatchObject({ event: 'agent_error', synthetic: false });
    const died = await verifyEventContract({ wsUrl: server.url, token: server.token, triggerUrl: url, timeoutMs: 10_000, message: '#die' });
    expect(died.ok).toBe(true);
    expect(died.events.slice(-2).map((e) => [e.event, e.synthetic])).toEqual([['tool_completed', true], ['agent_error', true]]);
    const toolFail = await verifyEventContract({ wsUrl: server.url, token: server.token, triggerUrl: url, timeoutMs: 10_000, message: '#tool-fail' });
    expect(toolFail.ok).toBe(true);
    expect(toolFail.events[3]).toMatchObject({ event: 'tool_completed', payload: { ok: false } });
  });

  it.each([
    ['skip', ['I1', 'I4']],
    ['reorder', ['I1', 'I4']],
    ['duplicate', ['I1', 'I4']],
    ['silent', ['I3', 'I4']],
  ] as const)('fails against a server that emits a %s sequence', async (mode, invariants) => {
    const fake = await broken(mode);
    const report = await verifyEventContract({ wsUrl: fake.wsUrl, token: 'x', triggerUrl: fake.triggerUrl, timeoutMs: mode === 'silent' ? 300 : 5_000 });
    expect(report.ok).toBe(false);
    expect([...new Set(report.violations.map((v) => v.invariant))].sort()).toEqual(invariants);
  });

  it('the CLI exits 0 with a one-line summary, and 1 naming the violated invariants with the offending events', async () => {
    const good = await broken('good');
    const ok = await netra(['events', 'verify', '--url', good.wsUrl, '--token', 'x', '--trigger', good.triggerUrl, '--timeout', '5']);
    expect(ok.stdout.trim().split('\n')).toHaveLength(1);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^event contract ok/) });

    const dup = await broken('duplicate');
    const bad = await netra(['events', 'verify', '--url', dup.wsUrl, '--token', 'x', '--trigger', dup.triggerUrl, '--timeout', '5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/event contract violated/);
    expect(bad.stderr).toMatch(/I1 thread .*seq repeated: #4 then #4 — #4 r1\/4 tool_completed\(c1\), #4 r1\/4 tool_completed\(c1\)/);
    expect(bad.stderr).toMatch(/I4 run r1: tool call c1 completed twice/);
  }, 60_000);
});
