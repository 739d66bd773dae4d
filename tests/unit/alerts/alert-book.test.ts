import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertRecord } from '../../../src/alerts/index.js';
import { FakeClock } from '../../helpers/fake-clock.js';

function setup() {
  const clock = new FakeClock();
  const records: { record: AlertRecord; final: boolean }[] = [];
  const book = new AlertBook({ now: () => clock.now(), emit: (record, final) => records.push({ record, final }) });
  return { clock, records, book };
}

const input = { rule: 'crash-loop' as const, severity: 'error' as const, message: 'api is crash-looping', service: 'api' };

describe('AlertBook', () => {
  it('fires once for an ongoing condition and updates it', () => {
    const { book, records, clock } = setup();
    expect(book.raise('k', input, 1000)).toBe(true);
    clock.advance(10);
    expect(book.raise('k', { ...input, message: 'api is crash-looping (again)' }, 1000)).toBe(false);
    expect(records).toHaveLength(1);
    expect(records[0]!.record).toMatchObject({ rule: 'crash-loop', state: 'firing', service: 'api', count: 1, message: 'api is crash-looping' });
    const [active] = book.active();
    expect(active).toMatchObject({ count: 2, message: 'api is crash-looping (again)', state: 'firing' });
    expect(Date.parse(active!.lastSeen) - Date.parse(active!.since)).toBe(10);
  });

  it('resolves only after the condition stayed clear for the cooldown', () => {
    const { book, records, clock } = setup();
    book.raise('k', input, 1000);
    book.clear('k', 'api is up');
    clock.advance(999);
    book.tick();
    expect(records).toHaveLength(1);
    clock.advance(1);
    book.tick();
    expect(records.map((r) => r.record.state)).toEqual(['firing', 'resolved']);
    expect(records[1]!.record).toMatchObject({ message: 'api is up', id: records[0]!.record.id });
    expect(records[1]!.final).toBe(false);
    expect(book.active()).toEqual([]);
  });

  it('a condition that comes back inside the cooldown stays the same alert (flapping is one alert)', () => {
    const { book, records, clock } = setup();
    for (let i = 0; i < 5; i += 1) {
      book.raise('k', input, 1000);
      clock.advance(100);
      book.clear('k', 'clear');
      clock.advance(500);
      book.tick();
    }
    expect(records).toHaveLength(1);
    clock.advance(1000);
    book.tick();
    expect(records.map((r) => r.record.state)).toEqual(['firing', 'resolved']);
    expect(records[1]!.record.count).toBe(5);
  });

  it('after a resolution the same condition fires a new alert', () => {
    const { book, records } = setup();
    book.raise('k', input, 0);
    book.clear('k', 'gone');
    book.raise('k', input, 0);
    expect(records.map((r) => r.record.state)).toEqual(['firing', 'resolved', 'firing']);
    expect(records[2]!.record.id).not.toBe(records[0]!.record.id);
  });

  it('keeps separate keys apart and resolveAll marks its records final', () => {
    const { book, records } = setup();
    book.raise('a', input, 1000);
    book.raise('b', { ...input, service: 'web' }, 1000);
    expect(book.keys()).toEqual(['a', 'b']);
    book.resolveAll('the stack stopped');
    expect(records.filter((r) => r.final).map((r) => r.record.service)).toEqual(['api', 'web']);
    expect(book.active()).toEqual([]);
  });

  it('clear of an unknown key does nothing', () => {
    const { book, records } = setup();
    book.clear('nope', 'x');
    book.tick();
    expect(records).toEqual([]);
  });
});
