/**
 * Collects what the alert sinks of a stack produced: the webhook (a local
 * HTTP server), `x.alert` events on `_netra` (a real events client),
 * `.netra/alerts.jsonl`, and the ALERT lines of netra's stderr.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AlertRecord } from '../../../src/alerts/index.js';
import { connectEvents, type EventsClient } from '../../../src/events/index.js';
import { waitFor as waitUntil } from '../../helpers/wait-for.js';

export interface WebhookRecorder {
  readonly url: string;
  readonly records: AlertRecord[];
  close(): Promise<void>;
}

export async function startWebhook(): Promise<WebhookRecorder> {
  const records: AlertRecord[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      records.push(JSON.parse(body) as AlertRecord);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    records,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface StackEvents {
  readonly client: EventsClient;
  /** Payloads of `x.alert` on `_netra`, in seq order. */
  readonly alerts: AlertRecord[];
}

/** Connects to the stack's events service (discovery + token files) and collects `x.alert` from the start (since 0). */
export async function connectStackEvents(projectDir: string, role: 'ui' | 'backend'): Promise<StackEvents> {
  const discovery = JSON.parse(await readFile(join(projectDir, '.netra', 'discovery', 'events.json'), 'utf8')) as { wsUrl: string };
  const token = (await readFile(join(projectDir, '.netra', 'events.token'), 'utf8')).trim();
  const client = await connectEvents({ url: discovery.wsUrl, token, role, reconnect: false });
  const alerts: AlertRecord[] = [];
  const subscription = client.subscribe('_netra', {
    since: 0,
    onEvent: (event) => {
      if (event.event === 'x.alert') alerts.push(event.payload as AlertRecord);
    },
  });
  await subscription.ready;
  return { client, alerts };
}

export async function readAlertFile(projectDir: string): Promise<AlertRecord[]> {
  try {
    const text = await readFile(join(projectDir, '.netra', 'alerts.jsonl'), 'utf8');
    return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as AlertRecord);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** `firing <rule> <subject>` / `resolved …` lines of the terminal sink. */
export function terminalAlerts(stderr: string): string[] {
  return stderr.split('\n').flatMap((line) => {
    const match = /^netra (?:▲ ALERT \w+|✓ (resolved)) ([\w-]+) ?([^:]*):/.exec(line);
    return match ? [`${match[1] ? 'resolved' : 'firing'} ${match[2]} ${match[3]}`.trim()] : [];
  });
}

/** tests/helpers/wait-for.ts's poll, returning what the check found (files, collected records). */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  let value: T | undefined;
  await waitUntil(async () => {
    value = await check();
    return value !== undefined && value !== false;
  }, what, timeoutMs);
  return value!;
}

/** `state rule subject` of a record, subject = service or thread. */
export function describeRecord(record: AlertRecord): string {
  return `${record.state} ${record.rule} ${record.service ?? (record.threadId ? `thread ${record.threadId}` : '')}`.trim();
}
