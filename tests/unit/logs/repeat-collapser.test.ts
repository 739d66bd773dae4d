import { describe, expect, it } from 'vitest';
import { RepeatCollapser, createLineFilter, maskVariableParts } from '../../../src/logs/index.js';

describe('maskVariableParts', () => {
  it('masks timestamps, durations, ports and ids but keeps the words', () => {
    const a = maskVariableParts('2024-05-01T10:00:00.123Z GET /health 200 3ms from 127.0.0.1:53422 req=9f8e7d6c5b4a');
    const b = maskVariableParts('2024-05-01T10:00:01.456Z GET /health 200 12ms from 127.0.0.1:53500 req=0a1b2c3d4e5f');
    expect(a).toBe(b);
    expect(maskVariableParts('GET /health 200')).not.toBe(maskVariableParts('GET /health 500'));
    expect(maskVariableParts('user 0d2b6a1e-6f7c-4b9a-9a3e-6f1c2b3d4e5f')).toBe('user #');
  });
});

describe('RepeatCollapser', () => {
  it('shows the first line of a run and reports its repeats when the run ends', () => {
    const collapser = new RepeatCollapser();
    expect(collapser.push('tick 1ms')).toEqual({ show: true, endedRepeats: 0 });
    expect(collapser.push('tick 2ms')).toEqual({ show: false, endedRepeats: 0 });
    expect(collapser.push('tick 3ms')).toEqual({ show: false, endedRepeats: 0 });
    expect(collapser.push('tock')).toEqual({ show: true, endedRepeats: 2 });
    expect(collapser.push('tock')).toEqual({ show: false, endedRepeats: 0 });
    expect(collapser.takeRepeats()).toBe(1);
    expect(collapser.takeRepeats()).toBe(0);
  });
});

describe('createLineFilter', () => {
  it('is undefined without patterns, so the hot path skips it', () => {
    expect(createLineFilter()).toBeUndefined();
  });

  it('applies include then exclude, with strings and stateless regexes', () => {
    const filter = createLineFilter([/GET/g, 'POST'], ['/health']);
    expect(filter?.('GET /users')).toBe(true);
    expect(filter?.('GET /users')).toBe(true); // a /g regex must not alternate
    expect(filter?.('POST /x')).toBe(true);
    expect(filter?.('GET /health')).toBe(false);
    expect(filter?.('DELETE /x')).toBe(false);
  });
});
