import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';
import { isNetraError } from '../../../src/shared/errors.js';
import { selectServices } from '../../../src/supervisor/select.js';

const config = validateConfig(
  {
    services: {
      web: { command: ['x'], dependsOn: ['api'] },
      api: { command: ['x'], dependsOn: ['db', 'cache'] },
      db: { command: ['x'] },
      cache: { command: ['x'] },
      worker: { command: ['x'], dependsOn: ['db'] },
    },
  },
  '/p/launcher.config.ts',
);

describe('selectServices', () => {
  it('everything, in start order, when nothing is named', () => {
    expect(selectServices(config, {})).toEqual({ names: ['db', 'cache', 'api', 'web', 'worker'], assumedRunning: [] });
  });

  it('named services bring their dependencies, transitively', () => {
    expect(selectServices(config, { services: ['web'] }).names).toEqual(['db', 'cache', 'api', 'web']);
    expect(selectServices(config, { services: ['worker'] }).names).toEqual(['db', 'worker']);
  });

  it('--only takes exactly those; the dependencies left out are assumed running', () => {
    expect(selectServices(config, { only: ['api'] })).toEqual({ names: ['api'], assumedRunning: ['db', 'cache'] });
  });

  it('--only wins over positional names', () => {
    expect(selectServices(config, { services: ['web'], only: ['worker'] }).names).toEqual(['worker']);
  });

  it('--skip removes services, even dependencies of named ones', () => {
    expect(selectServices(config, { skip: ['worker', 'cache'] })).toEqual({
      names: ['db', 'api', 'web'],
      assumedRunning: ['cache'],
    });
    expect(selectServices(config, { services: ['web'], skip: ['db'] }).names).toEqual(['cache', 'api', 'web']);
  });

  it.each([
    [{ services: ['nope'] }, 'services: unknown service "nope"'],
    [{ only: ['api', 'ghost', 'spook'] }, '--only: unknown services "ghost", "spook"'],
    [{ skip: ['ghost'] }, '--skip: unknown service "ghost"'],
  ])('unknown names are a usage error: %j', (selection, message) => {
    try {
      selectServices(config, selection);
      expect.unreachable();
    } catch (error) {
      expect(isNetraError(error) && error.code).toBe('UNKNOWN_SERVICE');
      expect((error as Error).message).toBe(message);
      expect(isNetraError(error) && error.exitCode).toBe(2);
      expect(isNetraError(error) && error.hint).toContain('web, ');
    }
  });

  it('nothing left after --skip is a usage error', () => {
    expect(() => selectServices(config, { only: ['db'], skip: ['db'] })).toThrow('no service left to start');
  });
});
