/**
 * Glob patterns (`*`, `**`, `?`, `[…]`, `{a,b}`) as regular expressions over
 * forward-slash paths, for boundaries and `verifyImports.ignore`.
 */

/** The regex source of a glob; `*` and `?` never cross `/`, `**` does. */
export function globSource(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (glob[i + 1] === '/' && atSegmentStart) {
          i++;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '{') {
      braceDepth++;
      out += '(?:';
    } else if (ch === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (ch === ',' && braceDepth > 0) {
      out += '|';
    } else if (ch === '\\' && i + 1 < glob.length) {
      i++;
      out += escapeRegex(glob[i]!);
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A matcher for a glob over root-relative paths. A glob matches a file or any
 * file below a matching folder (`src/dev` matches `src/dev/x.py`), and a glob
 * without a slash matches at any depth, as in .gitignore.
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const trimmed = glob.replace(/^\.\//, '').replace(/\/$/, '');
  const anchored = trimmed.includes('/');
  const pattern = trimmed.replace(/^\//, '');
  const source = `${anchored ? '^' : '^(?:.*/)?'}${globSource(pattern)}(?:/.*)?$`;
  const regex = new RegExp(source);
  return (path) => regex.test(path);
}
