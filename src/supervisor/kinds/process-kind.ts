import type { CommandLine } from '../../process/index.js';
import type { ProbeSpec } from '../../race/index.js';
import { envName } from '../environment.js';
import { spawnService } from './child-process.js';
import type { KindRunner, StartContext } from './types.js';

/** Kind `process`: the configured command. */
export const processKind: KindRunner = {
  async start(ctx) {
    const command = ctx.service.command;
    if (command === undefined) throw new Error(`services.${ctx.service.name}.command is missing`);
    return spawnService(ctx, interpolateCommand(ctx, command));
  },
  probe(ctx, lines) {
    return configuredProbe(ctx, lines);
  },
  endpoint(service, port) {
    const host = service.connectHost;
    return { host, port, url: port === undefined ? undefined : `http://${host}:${port}` };
  },
  exports(service, port) {
    const endpoint = processKind.endpoint(service, port);
    if (port === undefined || endpoint.url === undefined) return {};
    const name = envName(service.name);
    return { [`NETRA_${name}_URL`]: endpoint.url, [`NETRA_${name}_PORT`]: String(port) };
  },
};

export function interpolateCommand(ctx: StartContext, command: CommandLine): CommandLine {
  const where = `services.${ctx.service.name}.command`;
  return typeof command === 'string'
    ? ctx.interpolate(command, where)
    : command.map((part) => ctx.interpolate(part, where));
}

/** The probe from `ready`, interpolated; a default TCP probe gets the real port. */
export function configuredProbe(ctx: StartContext, lines: Parameters<KindRunner['probe']>[1]): ProbeSpec | undefined {
  const probe = ctx.service.ready.probe;
  const where = `services.${ctx.service.name}.ready`;
  if (!probe) return undefined;
  switch (probe.kind) {
    case 'tcp':
      return { kind: 'tcp', host: probe.host, port: probe.port === 0 ? (ctx.port ?? 0) : probe.port };
    case 'http':
      return { kind: 'http', url: ctx.interpolate(probe.url, `${where}.http`) };
    case 'log':
      return { kind: 'log', pattern: probe.pattern, lines };
    case 'exec':
      return {
        kind: 'exec',
        command:
          typeof probe.command === 'string'
            ? ctx.interpolate(probe.command, `${where}.exec`)
            : probe.command.map((part) => ctx.interpolate(part, `${where}.exec`)),
        cwd: ctx.service.cwd,
        env: { ...ctx.env },
      };
  }
}
