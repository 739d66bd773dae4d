/** Which services `dev up [services…] --only --skip` runs. */
import type { ResolvedConfig } from '../config/resolved.js';
import { NetraError } from '../shared/errors.js';

export interface Selection {
  services?: readonly string[];
  only?: readonly string[];
  skip?: readonly string[];
}

export interface SelectedServices {
  /** In start order. */
  names: string[];
  /** Dependencies left out by --only/--skip: assumed to run elsewhere. */
  assumedRunning: string[];
}

export function selectServices(config: ResolvedConfig, selection: Selection): SelectedServices {
  const known = new Set(config.startOrder);
  for (const [flag, names] of [
    ['services', selection.services],
    ['--only', selection.only],
    ['--skip', selection.skip],
  ] as const) {
    const unknown = (names ?? []).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new NetraError('UNKNOWN_SERVICE', `${flag}: unknown service${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}`, {
        hint: `services in ${config.configPath}: ${config.startOrder.join(', ')}`,
      });
    }
  }
  let chosen: Set<string>;
  if (selection.only && selection.only.length > 0) {
    chosen = new Set(selection.only);
  } else if (selection.services && selection.services.length > 0) {
    chosen = new Set();
    const add = (name: string): void => {
      if (chosen.has(name)) return;
      chosen.add(name);
      for (const dep of config.services[name]?.dependsOn ?? []) add(dep.service);
    };
    selection.services.forEach(add);
  } else {
    chosen = new Set(config.startOrder);
  }
  for (const name of selection.skip ?? []) chosen.delete(name);
  if (chosen.size === 0) throw new NetraError('USAGE', 'no service left to start after --only/--skip');
  const names = config.startOrder.filter((name) => chosen.has(name));
  const assumedRunning = new Set<string>();
  for (const name of names) {
    for (const dep of config.services[name]?.dependsOn ?? []) {
      if (!chosen.has(dep.service)) assumedRunning.add(dep.service);
    }
  }
  return { names, assumedRunning: [...assumedRunning] };
}
