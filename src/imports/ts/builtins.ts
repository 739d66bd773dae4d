/**
 * Node.js builtin modules, fixed rather than read from the running Node so
 * the answer does not depend on the CI's Node version (list of Node 20–24).
 */

const BUILTINS = new Set(
  `_http_agent _http_client _http_common _http_incoming _http_outgoing _http_server _stream_duplex
  _stream_passthrough _stream_readable _stream_transform _stream_wrap _stream_writable _tls_common
  _tls_wrap assert assert/strict async_hooks buffer child_process cluster console constants crypto
  dgram diagnostics_channel dns dns/promises domain events fs fs/promises http http2 https inspector
  inspector/promises module net os path path/posix path/win32 perf_hooks process punycode
  querystring readline readline/promises repl stream stream/consumers stream/promises stream/web
  string_decoder sys timers timers/promises tls trace_events tty url util util/types v8 vm wasi
  worker_threads zlib`.split(/\s+/),
);

/** Builtins that exist only with the `node:` prefix. */
const PREFIX_ONLY = new Set(['test', 'test/reporters', 'sqlite', 'sea', 'test/mock_loader']);

/** `name` without its `node:` prefix; `prefixed` says whether it had one. */
export function isNodeBuiltin(name: string, prefixed: boolean): boolean {
  return BUILTINS.has(name) || (prefixed && PREFIX_ONLY.has(name));
}
