/**
 * `netra events serve | tail | verify` (CLI.md, EVENTS.md). Adapts flags to
 * the events library, imported lazily so `netra --help` stays fast.
 */
import type { Command } from 'commander';
import chalk from 'chalk';
import type { GlobalOptions } from './output.js';
import type { EventEnvelope } from '../events/index.js';

interface TailFlags {
  thread?: string;
  json?: boolean;
  url?: string;
  token?: string;
}
interface VerifyFlags {
  url?: string;
  token?: string;
  timeout: string;
  trigger?: string;
  thread?: string;
  json?: boolean;
}
interface ServeFlags {
  port: string;
  host: string;
  json?: boolean;
}

function place(command: Command): { cwd: string; config?: string } {
  const globals = command.optsWithGlobals<GlobalOptions>();
  return { cwd: globals.cwd ?? process.cwd(), ...(globals.config ? { config: globals.config } : {}) };
}

async function usageError(message: string): Promise<never> {
  const { NetraError } = await import('../shared/errors.js');
  throw new NetraError('USAGE', message);
}

/** Resolves on the first SIGINT/SIGTERM, so long-running commands end with exit 0. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve(signal);
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

const colourOf = (event: string): ((text: string) => string) => {
  if (event === 'agent_error') return chalk.red;
  if (event === 'agent_completed') return chalk.green;
  if (event.startsWith('tool_')) return chalk.cyan;
  if (event === 'agent_started') return chalk.blue;
  return chalk.white;
};

/** `12:00:01.123 t1 r1 #42/5 tool_completed [c1] ok 3` (+ `synthetic`, `replay` marks). */
function formatTailLine(event: EventEnvelope, summarizeEvent: (e: EventEnvelope) => string): string {
  const time = new Date(event.ts).toISOString().slice(11, 23);
  const marks = [event.synthetic ? chalk.yellow('synthetic') : '', event.replay ? chalk.dim('replay') : ''].filter(Boolean);
  return [
    chalk.dim(time),
    event.threadId,
    chalk.dim(event.runId),
    chalk.dim(`#${event.seq}/${event.runSeq}`),
    colourOf(event.event)(event.event),
    summarizeEvent(event),
    ...marks,
  ]
    .filter((part) => part !== '')
    .join(' ');
}

export function registerEventsCommands(program: Command): void {
  const events = program.command('events').description('the embedded chat event server (netra.events.v1)');

  events
    .command('serve')
    .description('run the chat event server alone, for a backend developed outside a netra stack')
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--host <address>', 'address to bind (loopback unless you mean it)', '127.0.0.1')
    .option('--json', 'print {url, httpUrl, tokenFile} as JSON on stdout')
    .action(async (flags: ServeFlags, command: Command) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) await usageError(`--port must be 0..65535, got ${flags.port}`);
      const { join } = await import('node:path');
      const lib = await import('../events/index.js');
      const { writeDiscovery, removeDiscovery } = await import('../race/index.js');
      const { cwd, config } = place(command);
      const root = lib.findProjectRoot(cwd, config) ?? cwd;
      const stateDir = join(root, '.netra');
      const token = lib.createEventsToken();
      const server = await lib.startEventServer({ port, host: flags.host, token });
      const tokenFile = await lib.writeEventsToken(stateDir, token);
      await writeDiscovery(stateDir, { name: 'events', host: flags.host, port: server.port, url: server.httpUrl, wsUrl: server.url });
      if (flags.json) process.stdout.write(`${JSON.stringify({ url: server.url, httpUrl: server.httpUrl, tokenFile })}\n`);
      else {
        process.stderr.write(`events server listening on ${server.url}\n`);
        process.stderr.write(`token in ${tokenFile} (give backends NETRA_EVENTS_URL and NETRA_EVENTS_TOKEN)\n`);
        process.stderr.write('press Ctrl+C to stop\n');
      }
      await untilSignal();
      await server.close();
      await removeDiscovery(stateDir, 'events');
    });

  events
    .command('tail')
    .description('print the events of the running stack live')
    .option('--thread <id>', 'only this thread (default: every thread, live only)')
    .option('--json', 'one event envelope per line on stdout')
    .option('--url <ws-url>', 'the event server (default: found through .netra/)')
    .option('--token <token>', 'the events token (default: NETRA_EVENTS_TOKEN or .netra/events.token)')
    .action(async (flags: TailFlags, command: Command) => {
      const lib = await import('../events/index.js');
      const endpoint = await lib.resolveEventsEndpoint({ ...place(command), url: flags.url, token: flags.token });
      const client = await lib.connectEvents({
        url: endpoint.wsUrl,
        token: endpoint.token,
        role: 'ui',
        onConnectionChange: (change) => {
          if (change.state === 'reconnecting' && !flags.json) {
            process.stderr.write(`connection lost (${change.closeCode}); reconnecting in ${Math.round(change.delayMs ?? 0)} ms\n`);
          }
        },
      });
      const subscription = client.subscribe(flags.thread ?? lib.ALL_THREADS, {
        onEvent: (event) => process.stdout.write(flags.json ? `${JSON.stringify(event)}\n` : `${formatTailLine(event, lib.summarizeEvent)}\n`),
      });
      await subscription.ready;
      // On stderr in every mode: scripts wait for this line before triggering runs.
      process.stderr.write(`tailing ${flags.thread ? `thread ${flags.thread}` : 'all threads'} on ${endpoint.wsUrl}\n`);
      const outcome = await Promise.race([untilSignal().then(() => 'signal'), client.closed.then((c) => c.code)]);
      await client.close();
      if (outcome !== 'signal') {
        const { NetraError } = await import('../shared/errors.js');
        throw new NetraError('NO_RUNNING_STACK', `the event server closed the connection (${String(outcome)})`);
      }
    });

  events
    .command('verify')
    .description('drive one real agent run through the running stack and check the event contract (I1–I5)')
    .option('--url <ws-url>', 'the event server (default: found through .netra/)')
    .option('--token <token>', 'the events token (default: NETRA_EVENTS_TOKEN or .netra/events.token)')
    .option('--timeout <s>', 'seconds to wait for the run to end', '30')
    .option('--trigger <http-url>', 'URL to POST {threadId, message} to (default: <backend>/api/chat)')
    .option('--thread <id>', 'thread id to use (default: a fresh one)')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: VerifyFlags, command: Command) => {
      const timeout = Number(flags.timeout);
      if (!(timeout > 0)) await usageError(`--timeout must be a positive number of seconds, got ${flags.timeout}`);
      const lib = await import('../events/index.js');
      const { NetraError } = await import('../shared/errors.js');
      const { configuredTrigger } = await import('./events-trigger.js');
      const configured = flags.trigger ? undefined : await configuredTrigger(command.optsWithGlobals());
      const trigger = flags.trigger ?? configured?.url;
      const endpoint = await lib.resolveEventsEndpoint({ ...place(command), url: flags.url, token: flags.token, trigger });
      if (endpoint.triggerUrl === undefined) {
        throw new NetraError('USAGE', 'no trigger to start a run', {
          hint: 'pass --trigger <http-url> (the demo backend: http://127.0.0.1:<port>/api/chat)',
        });
      }
      const report = await lib.verifyEventContract({
        wsUrl: endpoint.wsUrl,
        token: endpoint.token,
        triggerUrl: endpoint.triggerUrl,
        timeoutMs: command.getOptionValueSource('timeout') === 'default' && configured?.timeoutMs ? configured.timeoutMs : timeout * 1000,
        ...(flags.thread ? { threadId: flags.thread } : {}),
        ...(configured?.message ? { message: configured.message } : {}),
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else if (report.ok) process.stdout.write(`${report.summary}\n`);
      if (!report.ok) {
        throw new NetraError('EVENT_CONTRACT_VIOLATED', report.summary, { details: lib.describeViolations(report.violations) });
      }
    });
}
