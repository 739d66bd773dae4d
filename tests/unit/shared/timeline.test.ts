import { afterEach, describe, expect, it, vi } from 'vitest';

const KEY = Symbol.for('netra.timeline');

async function freshTimeline(env: string | undefined): Promise<typeof import('../../../src/shared/timeline.js')> {
  vi.resetModules();
  delete (globalThis as { [KEY]?: unknown })[KEY];
  if (env === undefined) delete process.env['NETRA_TIMELINE'];
  else process.env['NETRA_TIMELINE'] = env;
  return import('../../../src/shared/timeline.js');
}

afterEach(() => {
  delete process.env['NETRA_TIMELINE'];
  delete (globalThis as { [KEY]?: unknown })[KEY];
});

describe('timeline', () => {
  it('records nothing unless NETRA_TIMELINE=1', async () => {
    const timeline = await freshTimeline(undefined);
    timeline.mark('a');
    expect(timeline.isTimelineEnabled()).toBe(false);
    expect(timeline.timelineMarks()).toEqual([]);
    expect(timeline.formatTimeline()).toBe('');
  });

  it('records marks in order with rising times and CPU, formatted one line each', async () => {
    const timeline = await freshTimeline('1');
    timeline.mark('first');
    timeline.mark('second');
    const marks = timeline.timelineMarks();
    expect(marks.map((m) => m.name)).toEqual(['first', 'second']);
    expect(marks[1]!.at).toBeGreaterThanOrEqual(marks[0]!.at);
    expect(marks[1]!.cpu).toBeGreaterThanOrEqual(marks[0]!.cpu);
    expect(timeline.formatTimeline()).toMatch(/^netra timeline +\d+\.\d ms {2}cpu +\d+\.\d ms {2}first\nnetra timeline .* {2}second\n$/);
  });

  it('two copies of the module (main.js and the CLI bundle) share one list', async () => {
    const one = await freshTimeline('1');
    one.mark('from the entry');
    vi.resetModules();
    const two = await import('../../../src/shared/timeline.js');
    expect(two).not.toBe(one);
    two.mark('from the bundle');
    expect(one.timelineMarks().map((m) => m.name)).toEqual(['from the entry', 'from the bundle']);
  });
});
