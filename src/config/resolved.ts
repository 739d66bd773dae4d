/**
 * The resolved config: readonly, defaults applied, paths absolute
 * (STYLE.md §3.4). The supervisor and the other modules read only this.
 */
import type {
  CommandSpec,
  DependencyCondition,
  EventsVerifyConfig,
  RestartPolicyName,
  ServiceKind,
  ServiceLogsConfig,
  UserConfig,
  VerifyImportsConfig,
} from './types.js';

export type ResolvedProbe =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'http'; url: string }
  | { kind: 'log'; pattern: RegExp }
  | { kind: 'exec'; command: CommandSpec };

export interface ResolvedReady {
  /** Undefined: ready as soon as the process runs (no probe configured and no port). */
  probe: ResolvedProbe | undefined;
  timeout: number;
  interval: number;
}

export interface ResolvedSetupStep {
  name: string;
  command: CommandSpec;
  inputs: readonly string[];
  env: readonly string[];
  /** Absolute. */
  cwd: string;
  /** The service it belongs to; undefined for global steps. */
  service: string | undefined;
}

export interface ResolvedService {
  readonly name: string;
  readonly kind: ServiceKind;
  readonly command: CommandSpec | undefined;
  /** Absolute. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Absolute paths; missing files are skipped at start. */
  readonly envFiles: readonly string[];
  readonly envFileOverride: boolean;
  readonly dependsOn: readonly { service: string; condition: DependencyCondition }[];
  readonly ready: ResolvedReady;
  readonly restart: {
    policy: RestartPolicyName;
    maxRestarts: number;
    backoff: { initial: number; max: number; factor: number };
    window: number | undefined;
  };
  readonly stop: { signal: NodeJS.Signals; grace: number };
  readonly port: number | 'auto' | undefined;
  readonly portEnv: string;
  readonly host: string;
  /** Where clients connect: `host`, or 127.0.0.1 when the service binds every interface (0.0.0.0). */
  readonly connectHost: string;
  readonly setup: readonly ResolvedSetupStep[];
  readonly watch: { paths: readonly string[]; ignore: readonly string[]; debounce: number } | undefined;
  readonly optional: boolean;
  readonly logs: ServiceLogsConfig;
  readonly migrations: string | undefined;
  readonly database: string;
  /** Absolute. */
  readonly dataDir: string;
  readonly maxConnections: number;
  readonly url: string | undefined;
  readonly allowedOrigins: readonly string[];
  readonly runTimeoutMs: number | undefined;
  readonly verify: EventsVerifyConfig | undefined;
}

export interface ResolvedConfig {
  /** The folder of the config file. */
  readonly root: string;
  readonly configPath: string;
  /** `<root>/.netra`. */
  readonly stateDir: string;
  readonly services: Readonly<Record<string, ResolvedService>>;
  /** Service names, every service after its dependencies. */
  readonly startOrder: readonly string[];
  readonly setup: readonly ResolvedSetupStep[];
  readonly logs: { maxBytes: number; maxFiles: number };
  readonly verifyImports: VerifyImportsConfig;
  readonly alerts: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
  /** The config as the user wrote it. */
  readonly user: UserConfig;
}
