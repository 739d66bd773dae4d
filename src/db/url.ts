/** Connection URLs for the database kinds. */
export interface DatabaseUrlOptions {
  host: string;
  port: number;
  /** Defaults to `postgres`. */
  database?: string;
  /** Defaults to `postgres`, the superuser both kinds are initialised with. */
  user?: string;
  /** Omitted by default: both local kinds trust 127.0.0.1 and pg needs none. */
  password?: string;
}

export function databaseUrl(opts: DatabaseUrlOptions): string {
  const url = new URL('postgres://placeholder');
  // IPv6 literals need brackets in a URL authority.
  url.hostname = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  url.port = String(opts.port);
  url.username = opts.user ?? 'postgres';
  if (opts.password !== undefined) url.password = opts.password;
  url.pathname = `/${encodeURIComponent(opts.database ?? 'postgres')}`;
  return url.toString();
}

/** The URL with its password masked, for logs and status output. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
