/**
 * The demo chat backend that `npm run dev` runs: a plain node:http service on
 * PORT, storing chat messages in the database at DATABASE_URL (PGlite by
 * default), ready only when the database answers. With the chat event
 * server in the stack (NETRA_EVENTS_URL), POST /api/chat runs the demo agent
 * and publishes its run.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { close, init } from 'netra/db';
import { addMessage, databaseAnswers, listMessages } from './store.js';
import { handleChat } from './chat.js';

const port = Number(process.env['PORT'] ?? 3000);
const host = process.env['HOST'] ?? '127.0.0.1';
init({ max: 4 });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new HttpError(413, 'body over 1 MiB');
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'expected a JSON object');
  }
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw new HttpError(400, `"${field}" must be a non-empty string`);
  return value;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', `http://${host}`);
  const path = `${request.method} ${url.pathname}`;
  switch (path) {
    case 'GET /health/live':
      return send(response, 200, { ok: true });
    case 'GET /health/ready': {
      const ok = await databaseAnswers();
      return send(response, ok ? 200 : 503, { ok, database: ok ? 'up' : 'down' });
    }
    case 'GET /api/messages': {
      const threadId = url.searchParams.get('threadId');
      if (!threadId) throw new HttpError(400, 'threadId query parameter required');
      return send(response, 200, { messages: await listMessages(threadId) });
    }
    case 'POST /api/messages': {
      const body = await readJson(request);
      const message = await addMessage(requireString(body, 'threadId'), 'user', requireString(body, 'text'));
      return send(response, 201, { message });
    }
    case 'POST /api/chat': {
      const body = await readJson(request);
      const result = await handleChat(requireString(body, 'threadId'), requireString(body, 'message'));
      return send(response, 200, result);
    }
    default:
      throw new HttpError(404, `no route ${path}`);
  }
}

const server = createServer((request, response) => {
  route(request, response).catch((error: unknown) => {
    const status = error instanceof HttpError ? error.status : 500;
    if (status === 500) console.error('request failed:', error);
    if (!response.headersSent) send(response, status, { error: (error as Error).message });
    else response.destroy();
  });
});

server.listen(port, host, () => console.log(`chat backend listening on http://${host}:${port}`));

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing`);
  server.close();
  server.closeAllConnections();
  await close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
