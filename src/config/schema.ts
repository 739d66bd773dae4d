/**
 * The structural schema of `launcher.config.ts`. Strict objects, so a typo
 * (`dependOn`) is reported instead of silently ignored. Semantic rules that
 * span fields or services live in rules.ts.
 */
import { z } from 'zod';
import { closestMatch } from '../shared/suggest.js';

const duration = z.number().int().nonnegative();
const command = z.union([z.string().min(1), z.array(z.string()).min(1)], {
  error: 'expected a command: a non-empty string (run by the shell) or an array of strings (argv)',
});
const signal = z.string().regex(/^SIG[A-Z0-9]+$/, 'expected a signal name such as SIGTERM');
const pattern = z.union([z.string(), z.instanceof(RegExp)], { error: 'expected a string or a RegExp' });

const setupStep = z.strictObject({
  name: z.string().min(1),
  command,
  inputs: z.array(z.string().min(1)).optional(),
  env: z.array(z.string().min(1)).optional(),
  cwd: z.string().optional(),
});

const ready = z.strictObject({
  tcp: z
    .union([
      z.number().int().min(1).max(65535),
      z.strictObject({ host: z.string().optional(), port: z.number().int().min(1).max(65535) }),
    ], { error: 'expected a port number (1-65535) or {host, port}' })
    .optional(),
  http: z.string().optional(),
  log: pattern.optional(),
  exec: command.optional(),
  timeout: duration.optional(),
  interval: duration.optional(),
});

const restartPolicy = z.enum(['no', 'on-failure', 'always']);
const restart = z.union([
  restartPolicy,
  z.strictObject({
    policy: restartPolicy.optional(),
    maxRestarts: z.number().int().nonnegative().optional(),
    backoff: z
      .strictObject({
        initial: duration.optional(),
        max: duration.optional(),
        factor: z.number().min(1).optional(),
      })
      .optional(),
    window: duration.optional(),
  }),
], { error: "expected 'no' | 'on-failure' | 'always' or {policy, maxRestarts, backoff}" });

const dependency = z.union([
  z.string().min(1),
  z.strictObject({
    service: z.string().min(1),
    condition: z.enum(['started', 'ready', 'completed']).optional(),
  }),
], { error: "expected a service name or {service, condition: 'started' | 'ready' | 'completed'}" });

const watch = z.union([
  z.array(z.string().min(1)),
  z.strictObject({
    paths: z.array(z.string().min(1)).min(1),
    ignore: z.array(z.string()).optional(),
    debounce: duration.optional(),
  }),
], { error: 'expected an array of globs or {paths, ignore?, debounce?}' });

const serviceLogs = z.strictObject({
  include: z.array(pattern).optional(),
  exclude: z.array(pattern).optional(),
  collapseRepeats: z.boolean().optional(),
  bufferLines: z.number().int().positive().optional(),
});

export const serviceSchema = z.strictObject({
  kind: z.enum(['process', 'pglite', 'postgres', 'events', 'external']).optional(),
  command: command.optional(),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  envFile: z.union([z.string(), z.array(z.string())], { error: 'expected a file name or an array of file names' }).optional(),
  envFileOverride: z.boolean().optional(),
  dependsOn: z.array(dependency).optional(),
  ready: ready.optional(),
  restart: restart.optional(),
  stop: z.strictObject({ signal: signal.optional(), grace: duration.optional() }).optional(),
  port: z
    .union([z.number().int().min(1).max(65535), z.literal('auto')], { error: "expected a port number (1-65535) or 'auto'" })
    .optional(),
  portEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
  host: z.string().min(1).optional(),
  setup: z.array(setupStep).optional(),
  watch: watch.optional(),
  optional: z.boolean().optional(),
  logs: serviceLogs.optional(),
  migrations: z.string().optional(),
  database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_$-]*$/, 'expected a database name').optional(),
  dataDir: z.string().optional(),
  maxConnections: z.number().int().positive().optional(),
  url: z.string().optional(),
  allowedOrigins: z.array(z.string()).optional(),
  runTimeoutMs: duration.optional(),
  verify: z
    .strictObject({
      trigger: z.string().min(1),
      message: z.string().optional(),
      timeout: duration.optional(),
    })
    .optional(),
});

export const configSchema = z.strictObject({
  services: z.record(z.string(), serviceSchema),
  setup: z.array(setupStep).optional(),
  logs: z
    .strictObject({
      maxBytes: z.number().int().positive().optional(),
      maxFiles: z.number().int().nonnegative().optional(),
    })
    .optional(),
  verifyImports: z
    .strictObject({
      boundaries: z
        .array(
          z.strictObject({
            from: z.string().min(1),
            disallow: z.array(z.string().min(1)),
            message: z.string().optional(),
          }),
        )
        .optional(),
      critical: z.array(z.string().min(1)).optional(),
      ignore: z.array(z.string()).optional(),
    })
    .optional(),
  alerts: z.record(z.string(), z.unknown()).optional(),
});

/** Short, path-first messages instead of zod's defaults. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return unknownFieldMessage(issue.keys[0] ?? '', knownFields(issue.path));
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must not be empty`
        : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_union':
      return `${issue.message}, got ${describeValue(issue.input)}`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const guess = closestMatch(key, known);
  return guess ? `unknown field (did you mean "${guess}"?)` : 'unknown field';
}

/** Field names of the object at `path`, for "did you mean" on typos. */
function knownFields(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return Object.keys(configSchema.shape);
  if (path[0] === 'services' && path.length === 2) return Object.keys(serviceSchema.shape);
  if (path[0] === 'services' && path.length === 3 && typeof path[2] === 'string') {
    const field = serviceSchema.shape[path[2] as keyof typeof serviceSchema.shape];
    // An object field, or the object branch of a union (`restart: 'always' | {policy, …}`).
    const inner = field.unwrap() as unknown as { shape?: Record<string, unknown>; options?: readonly { shape?: Record<string, unknown> }[] };
    const shape = inner.shape ?? inner.options?.find((option) => option.shape)?.shape;
    return shape ? Object.keys(shape) : [];
  }
  return [];
}
