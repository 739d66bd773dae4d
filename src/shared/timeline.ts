/**
 * Start-up timeline for measuring (`NETRA_TIMELINE=1 netra dev up`): named
 * marks with the time since the process started and netra's CPU time so far.
 * Off by default, and then a mark costs one property read. Marks are only
 * recorded here; the CLI prints them (library code never prints).
 */

export interface TimelineMark {
  name: string;
  /** ms since the process started (performance.timeOrigin). */
  at: number;
  /** ms of CPU (user + system) netra had used by then. */
  cpu: number;
}

const enabled = process.env['NETRA_TIMELINE'] === '1';
// One list per process, even when this module is loaded twice (main.js and the CLI bundle each have a copy).
const KEY = Symbol.for('netra.timeline');
const holder = globalThis as { [KEY]?: TimelineMark[] };
const marks: TimelineMark[] = (holder[KEY] ??= []);

export function isTimelineEnabled(): boolean {
  return enabled;
}

export function mark(name: string): void {
  if (!enabled) return;
  const usage = process.cpuUsage();
  marks.push({ name, at: performance.now(), cpu: (usage.user + usage.system) / 1000 });
}

export function timelineMarks(): readonly TimelineMark[] {
  return marks;
}

/** One line per mark: `netra timeline   123.4 ms  cpu   98.0 ms  name`. */
export function formatTimeline(list: readonly TimelineMark[] = marks): string {
  return list.map((m) => `netra timeline ${m.at.toFixed(1).padStart(8)} ms  cpu ${m.cpu.toFixed(1).padStart(7)} ms  ${m.name}\n`).join('');
}
