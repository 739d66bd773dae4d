/**
 * A small glob matcher for watch paths: `**` (any number of segments, dot
 * files included: a dev watcher should see `.env`), `*` and `?` (within a
 * segment), `[abc]`/`[!abc]`, `{a,b}`. Node's `path.matchesGlob` would do, but
 * on Node 20 it prints an ExperimentalWarning and skips dot files under `**`.
 * Paths are matched relative to the watch's cwd with `/` separators.
 */

const GLOB_CHARS = /[*?[\]{}!]/;

/** True when `pattern` has glob syntax (otherwise it names a file or a folder). */
export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** The folder to watch for `pattern`: its segments before the first one with glob syntax. */
export function globBase(pattern: string): string {
  const segments = toPosix(pattern).split('/');
  const base: string[] = [];
  for (const segment of segments) {
    if (isGlob(segment)) break;
    base.push(segment);
  }
  if (base.length === segments.length) return base.join('/') || '.';
  const joined = base.join('/');
  return joined === '' ? (pattern.startsWith('/') ? '/' : '.') : joined;
}

export function toPosix(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * Compiles a glob to a RegExp over whole relative paths. A pattern without glob
 * syntax also matches everything under it (`src` = `src` and `src/**`).
 * `matchBasename`: a pattern without `/` matches at any depth (gitignore
 * style, used for ignore lists: `*.log`, `dist`).
 */
export function globToRegExp(pattern: string, options: { matchBasename?: boolean } = {}): RegExp {
  let glob = toPosix(pattern).replace(/^\.\//, '').replace(/\/+$/, '');
  const anyDepth = options.matchBasename === true && !glob.includes('/');
  if (!isGlob(glob)) glob = `${glob}/**`;
  // A trailing `/**` also matches the folder itself.
  const body = glob.endsWith('/**') ? `${compile(glob.slice(0, -3))}(?:/.*)?` : compile(glob);
  return new RegExp(`^${anyDepth ? '(?:.*/)?' : ''}${body}$`);
}

function compile(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i]!;
    switch (char) {
      case '*': {
        if (glob[i + 1] === '*') {
          const atSegmentStart = i === 0 || glob[i - 1] === '/';
          const atSegmentEnd = i + 2 === glob.length || glob[i + 2] === '/';
          if (atSegmentStart && atSegmentEnd) {
            // `**/` = zero or more whole segments; a trailing `**` = anything below.
            if (glob[i + 2] === '/') {
              out += '(?:[^/]*(?:/|$))*';
              i += 2;
            } else {
              out += '.*';
              i += 1;
            }
            break;
          }
          i += 1; // `a**b` behaves like `a*b`
        }
        out += '[^/]*';
        break;
      }
      case '?':
        out += '[^/]';
        break;
      case '[': {
        const close = glob.indexOf(']', i + 2);
        if (close < 0) {
          out += '\\[';
          break;
        }
        let set = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        out += `[${set}]`;
        i = close;
        break;
      }
      case '{':
        braceDepth += 1;
        out += '(?:';
        break;
      case '}':
        if (braceDepth > 0) {
          braceDepth -= 1;
          out += ')';
        } else out += '\\}';
        break;
      case ',':
        out += braceDepth > 0 ? '|' : ',';
        break;
      default:
        out += char.replace(/[.+^$()|\\/]/g, '\\$&');
    }
  }
  // An unclosed brace: close it so the RegExp stays valid.
  return out + ')'.repeat(braceDepth);
}
