/** A pattern of the per-service `logs.include` / `logs.exclude` config: a substring or a RegExp. */
export type LinePattern = string | RegExp;

export type LinePredicate = (line: string) => boolean;

function toTest(pattern: LinePattern): LinePredicate {
  if (typeof pattern === 'string') return (line) => line.includes(pattern);
  // Global and sticky regexes keep lastIndex between calls: test a stateless copy.
  const regex = pattern.global || pattern.sticky ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')) : pattern;
  return (line) => regex.test(line);
}

/**
 * Whether a line is shown on the terminal: it matches one `include` pattern
 * (when any is given) and no `exclude` pattern. Undefined when there is
 * nothing to filter, so the hot path skips the call altogether.
 */
export function createLineFilter(
  include: readonly LinePattern[] = [],
  exclude: readonly LinePattern[] = [],
): LinePredicate | undefined {
  if (include.length === 0 && exclude.length === 0) return undefined;
  const includes = include.map(toTest);
  const excludes = exclude.map(toTest);
  return (line) => {
    if (includes.length > 0 && !includes.some((test) => test(line))) return false;
    return !excludes.some((test) => test(line));
  };
}
