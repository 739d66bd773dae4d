/**
 * The trigger of `netra events verify` from the config: the events service's
 * `verify.trigger` (e.g. `${services.backend.url}/api/chat`), with
 * `${services.<name>.url|port|host}` filled in from the running stack's
 * discovery files. Undefined when the project configures none.
 */
import { findConfigFile, loadConfig } from '../config/index.js';
import { readAllDiscovery } from '../race/index.js';
import { NetraError } from '../shared/errors.js';
import type { GlobalOptions } from './output.js';

export interface ConfiguredTrigger {
  url: string;
  message?: string;
  timeoutMs?: number;
}

export async function configuredTrigger(globals: GlobalOptions): Promise<ConfiguredTrigger | undefined> {
  const cwd = globals.cwd ?? process.cwd();
  if (!globals.config && !findConfigFile(cwd)) return undefined;
  const config = await loadConfig({ cwd, ...(globals.config ? { configPath: globals.config } : {}), env: { command: 'events' } });
  const events = Object.values(config.services).find((service) => service.kind === 'events' && service.verify);
  if (!events?.verify) return undefined;
  const discovery = await readAllDiscovery(config.stateDir);
  const where = `services.${events.name}.verify.trigger`;
  const url = events.verify.trigger.replace(/\$\{services\.([A-Za-z0-9_-]+)\.(url|port|host)\}/g, (match, name: string, field: string) => {
    const entry = discovery[name];
    if (!entry) {
      throw new NetraError('NO_RUNNING_STACK', `${where}: ${match} has no value: "${name}" is not running`, {
        hint: 'start the stack with `netra dev up`, or pass --trigger <http-url>',
      });
    }
    return String(entry[field as 'url' | 'port' | 'host']);
  });
  return {
    url,
    ...(events.verify.message ? { message: events.verify.message } : {}),
    ...(events.verify.timeout ? { timeoutMs: events.verify.timeout } : {}),
  };
}
