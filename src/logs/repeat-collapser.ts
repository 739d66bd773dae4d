/**
 * What changes between otherwise identical lines: timestamps, durations,
 * ports, hex ids and UUIDs. Masked, `GET /health 200 3ms` and
 * `GET /health 200 4ms` are the same line.
 */
const variablePattern = new RegExp(
  [
    String.raw`\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?`,
    String.raw`\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?`,
    String.raw`\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b`,
    String.raw`\b(?:0x)?(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b`,
    String.raw`\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds|m|min|h)\b`,
    String.raw`:\d{2,5}\b`,
  ].join('|'),
  'g',
);

export function maskVariableParts(line: string): string {
  return line.replace(variablePattern, '#');
}

/** The verdict on one line: show it or not, and whether a run of repeats just ended. */
export interface CollapseVerdict {
  /** false when the line repeats the previous one. */
  show: boolean;
  /** How many repeats the run that this line ends had (0: none to report). */
  endedRepeats: number;
}

/**
 * Collapses consecutive repeated lines: the first is shown, the repeats are
 * counted, and the caller prints `… repeated N times` when the run ends.
 */
export class RepeatCollapser {
  private lastKey: string | undefined;
  private repeats = 0;

  push(line: string): CollapseVerdict {
    const key = maskVariableParts(line);
    if (key === this.lastKey) {
      this.repeats += 1;
      return { show: false, endedRepeats: 0 };
    }
    const endedRepeats = this.repeats;
    this.lastKey = key;
    this.repeats = 0;
    return { show: true, endedRepeats };
  }

  /** Repeats counted so far (then reset): for printing a summary on idle or close. */
  takeRepeats(): number {
    const repeats = this.repeats;
    this.repeats = 0;
    return repeats;
  }

  get pending(): number {
    return this.repeats;
  }
}

export function repeatedMessage(times: number): string {
  return `… repeated ${times} ${times === 1 ? 'time' : 'times'}`;
}
