/**
 * Finding a running stack's event server from the project's `.netra/`
 * (CLI.md "State directory"): the config file's folder is the root,
 * `.netra/discovery/<service>.json` has the ports, `.netra/events.token` the token.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NetraError } from '../shared/errors.js';
import { TOKEN_FILE } from './token.js';
import { projectRootOf } from '../shared/project-root.js';
import { readAllDiscovery } from '../shared/discovery.js';

/** The folder of `--config`, or of the config file found walking up from `cwd`; undefined when none. */
export function findProjectRoot(cwd: string, config?: string): string | undefined {
  return projectRootOf(cwd, config);
}

export interface EndpointOverrides {
  url?: string;
  token?: string;
  trigger?: string;
  cwd: string;
  config?: string;
  env?: NodeJS.ProcessEnv;
}

export interface EventsEndpoint {
  wsUrl: string;
  token: string;
  /** The demo trigger: `--trigger`, else `<backend discovery url>/api/chat` when a `backend` service exists. */
  triggerUrl: string | undefined;
  root: string | undefined;
}

/** Flags first, then NETRA_EVENTS_URL / NETRA_EVENTS_TOKEN, then the running stack's `.netra/`. */
export async function resolveEventsEndpoint(o: EndpointOverrides): Promise<EventsEndpoint> {
  const env = o.env ?? process.env;
  const root = findProjectRoot(o.cwd, o.config);
  const files = root === undefined ? [] : Object.values(await readAllDiscovery(join(root, '.netra')));
  const wsUrl = o.url ?? env['NETRA_EVENTS_URL'] ?? files.find((f) => typeof f.wsUrl === 'string')?.wsUrl;
  if (wsUrl === undefined) {
    throw root === undefined
      ? new NetraError('CONFIG_NOT_FOUND', 'no launcher.config.{ts,mts,js,mjs} found from here upwards', {
          hint: 'run inside a netra project, or pass --url and --token',
        })
      : new NetraError('NO_RUNNING_STACK', `no event server found in ${join(root, '.netra', 'discovery')}`, {
          hint: 'start the stack with `netra dev up` (or `netra events serve`), or pass --url',
        });
  }
  let token = o.token ?? env['NETRA_EVENTS_TOKEN'];
  if (token === undefined && root !== undefined) {
    token = await readFile(join(root, '.netra', TOKEN_FILE), 'utf8').then((t) => t.trim(), () => undefined);
  }
  if (token === undefined || token === '') {
    throw new NetraError('NO_RUNNING_STACK', 'no events token found', {
      hint: 'pass --token, set NETRA_EVENTS_TOKEN, or start the stack so .netra/events.token exists',
    });
  }
  const backend = files.find((f) => f.name === 'backend' && typeof f.url === 'string');
  const triggerUrl = o.trigger ?? (backend?.url ? `${backend.url.replace(/\/$/, '')}/api/chat` : undefined);
  return { wsUrl, token, triggerUrl, root };
}
