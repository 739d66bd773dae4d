/**
 * The environment a service starts with, and `${…}` interpolation in config
 * strings. Precedence, lowest first: env files, the inherited environment
 * (env files win instead when `envFileOverride`), what dependencies export
 * (ports, URLs, DATABASE_URL, events token), the service's own `env`, and
 * netra's markers. `${NAME}` reads the service's final environment;
 * `${services.<name>.url|port|host}` reads discovery.
 */
import { readFile } from 'node:fs/promises';
import { NetraError } from '../shared/errors.js';

export interface Endpoint {
  host: string;
  port: number | undefined;
  url: string | undefined;
}

export interface EnvironmentParts {
  inherited: Readonly<Record<string, string | undefined>>;
  fileValues: Readonly<Record<string, string>>;
  envFileOverride: boolean;
  fromDependencies: Readonly<Record<string, string>>;
  own: Readonly<Record<string, string>>;
  markers: Readonly<Record<string, string>>;
}

export function composeEnvironment(parts: EnvironmentParts): Record<string, string> {
  const inherited = definedOnly(parts.inherited);
  const layered = parts.envFileOverride
    ? { ...inherited, ...parts.fileValues }
    : { ...parts.fileValues, ...inherited };
  const env: Record<string, string> = { ...layered, ...parts.fromDependencies };
  // The service's own values may refer to the others (`${PORT}`, `${DATABASE_URL}`).
  for (const [key, value] of Object.entries(parts.own)) env[key] = value;
  Object.assign(env, parts.markers);
  return env;
}

function definedOnly(values: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) result[key] = value;
  return result;
}

/** Parses dotenv files (KEY=value, `export KEY=…`, quotes, `#` comments); a missing file is skipped. */
export async function readEnvFiles(paths: readonly string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new NetraError('CONFIG_INVALID', `cannot read env file ${path}: ${(error as Error).message}`);
    }
    Object.assign(values, parseDotenv(text, path));
  }
  return values;
}

export function parseDotenv(text: string, path: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      throw new NetraError('CONFIG_INVALID', `${path}:${index + 1}: expected KEY=value, got "${line}"`);
    }
    const key = match[1]!;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    values[key] = value;
  });
  return values;
}

/**
 * Replaces `${NAME}` from env and `${services.x.url|port|host}` from
 * endpoints. An unknown reference is an error naming where it was used.
 */
export function interpolate(
  template: string,
  env: Readonly<Record<string, string>>,
  endpoints: ReadonlyMap<string, Endpoint>,
  where: string,
): string {
  return template.replace(/\$\{([^}]+)\}/g, (match, expression: string) => {
    const reference = /^services\.([A-Za-z0-9_-]+)\.(url|port|host)$/.exec(expression.trim());
    if (reference) {
      const endpoint = endpoints.get(reference[1]!);
      const value = endpoint?.[reference[2] as keyof Endpoint];
      if (value === undefined) {
        throw new NetraError('CONFIG_INVALID', `${where}: ${match} has no value (is "${reference[1]}" a service with a port?)`);
      }
      return String(value);
    }
    const value = env[expression.trim()];
    if (value === undefined) {
      throw new NetraError('CONFIG_INVALID', `${where}: ${match} is not set in the service's environment`);
    }
    return value;
  });
}

/** `chat-backend` → `CHAT_BACKEND`, for NETRA_<SERVICE>_URL. */
export function envName(service: string): string {
  return service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
