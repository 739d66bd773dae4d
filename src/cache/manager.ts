/**
 * The cache manager behind setup steps: skip a step whose key (command + listed
 * env values + input content) matches its last success. Hashing starts early
 * (`warm`), runs in parallel off the main thread, and is shared by steps with
 * the same inputs.
 */
import { join } from 'node:path';
import { NetraError } from '../shared/errors.js';
import { EntryStore, ENTRY_FORMAT, MAX_DETAILED_FILES } from './entry-store.js';
import { createFingerprinter, type Fingerprinter, type FingerprintResult } from './fingerprint-client.js';
import { compare, keyParts, type KeyParts } from './key.js';
import { stepId, type CacheManager, type SetupStep, type StepDecision, type StepStatus } from './types.js';

export interface CacheManagerOptions {
  /** Project root: input globs are relative to it. */
  root: string;
  /** `<root>/.netra`; entries go to `<stateDir>/cache/`. */
  stateDir: string;
  onWarning?: (message: string) => void;
  /** Injected for tests. */
  now?: () => number;
  createFingerprinter?: (options: { root: string; statCacheFile: string }) => Fingerprinter;
  /** Called after each hashing of an input list: how many files, how many had to be read. */
  onFingerprint?: (info: { patterns: readonly string[]; files: number; read: number }) => void;
}

export function createCacheManager(options: CacheManagerOptions): CacheManager {
  const cacheDir = join(options.stateDir, 'cache');
  const store = new EntryStore(cacheDir);
  const statCacheFile = join(cacheDir, 'stat-cache.json');
  const warn = options.onWarning ?? (() => undefined);
  const now = options.now ?? Date.now;
  const warned = new Set<string>();
  const warnOnce = (message: string): void => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };

  let fingerprinter: Fingerprinter | undefined;
  const getFingerprinter = (): Fingerprinter =>
    (fingerprinter ??= options.createFingerprinter
      ? options.createFingerprinter({ root: options.root, statCacheFile })
      : createFingerprinter({ root: options.root, statCacheFile }, (reason) =>
          warnOnce(`cache: the hashing worker failed (${reason}); hashing on the main thread`),
        ));

  /** Fingerprints by input list, shared across steps; dropped after a step runs (it may have changed files). */
  let fingerprints = new Map<string, Promise<FingerprintResult>>();
  const fingerprintFor = (step: SetupStep): Promise<FingerprintResult> => {
    const id = JSON.stringify(step.inputs);
    let promise = fingerprints.get(id);
    if (!promise) {
      promise = getFingerprinter()
        .fingerprint(step.inputs, now())
        .then((fp) => {
          if (!fp.statCacheOk) warnOnce(`cache: ignoring the unreadable stat cache ${statCacheFile}; hashing every input`);
          options.onFingerprint?.({ patterns: step.inputs, files: fp.files.size, read: fp.read });
          return fp;
        });
      // A warm that nobody awaits must not become an unhandled rejection; plan re-throws it.
      promise.catch(() => undefined);
      fingerprints.set(id, promise);
    }
    return promise;
  };
  /** The parts behind each key `plan` handed out, for `recordSuccess`. */
  const planned = new Map<string, KeyParts>();

  const decide = async (
    step: SetupStep,
    env: Readonly<Record<string, string | undefined>>,
    noCache: boolean,
  ): Promise<{ decision: StepDecision; parts: KeyParts; lastSuccessAt: string | undefined }> => {
    const id = stepId(step);
    const fingerprint = await fingerprintFor(step);
    for (const pattern of fingerprint.unmatched) warnOnce(`setup step ${id}: input "${pattern}" matches no file`);
    const parts = keyParts(options.root, step, env, fingerprint);
    planned.set(`${id}\0${parts.key}`, parts);
    const read = await store.read(id);
    if (read.kind === 'invalid') warnOnce(`cache: ignoring the entry of step ${id} (${read.why}): ${store.fileFor(id)}`);
    const entry = read.kind === 'ok' ? read.entry : undefined;
    const lastSuccessAt = entry?.lastSuccessAt;
    if (noCache) return { decision: { run: true, key: parts.key, reason: 'no-cache' }, parts, lastSuccessAt };
    if (!entry) return { decision: { run: true, key: parts.key, reason: 'no-entry' }, parts, lastSuccessAt };
    const difference = compare(entry, parts);
    if (!difference) return { decision: { run: false, key: parts.key, lastSuccessAt: entry.lastSuccessAt }, parts, lastSuccessAt };
    return {
      decision: { run: true, key: parts.key, reason: difference.reason, changed: difference.changed },
      parts,
      lastSuccessAt,
    };
  };

  return {
    warm(steps) {
      for (const step of steps) void fingerprintFor(step);
    },

    async plan(step, env, planOptions = {}) {
      return (await decide(step, env, planOptions.noCache ?? false)).decision;
    },

    async recordSuccess(step, key) {
      const id = stepId(step);
      const parts = planned.get(`${id}\0${key}`);
      if (!parts) {
        throw new NetraError('INTERNAL', `cache: recordSuccess(${id}) with a key that plan() did not return`);
      }
      const files = parts.fingerprint.files;
      await store.write({
        format: ENTRY_FORMAT,
        step: id,
        key,
        commandHash: parts.commandHash,
        command: step.command,
        env: parts.env,
        patterns: parts.patterns,
        inputsDigest: parts.fingerprint.digest,
        ...(files.size <= MAX_DETAILED_FILES ? { inputs: Object.fromEntries(files) } : {}),
        lastSuccessAt: new Date(now()).toISOString(),
      });
      fingerprints = new Map();
      for (const k of planned.keys()) if (k.startsWith(`${id}\0`)) planned.delete(k);
      await fingerprinter?.save();
    },

    async status(steps, env) {
      const out: StepStatus[] = [];
      for (const step of steps) {
        const { decision, parts, lastSuccessAt } = await decide(step, env, false);
        out.push({
          id: stepId(step),
          name: step.name,
          service: step.service,
          key: decision.key,
          lastSuccessAt,
          wouldRun: decision.run,
          reason: decision.run ? decision.reason : undefined,
          changed: decision.run ? decision.changed : undefined,
          inputFiles: parts.fingerprint.files.size,
        });
      }
      return out;
    },

    clear(stepName) {
      fingerprints = new Map();
      return store.clear(stepName);
    },

    async close() {
      const closing = fingerprinter;
      fingerprinter = undefined;
      if (!closing) return;
      try {
        await closing.save();
      } finally {
        await closing.close();
      }
    },
  };
}
