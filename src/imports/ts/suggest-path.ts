/**
 * "Did you mean …?" for a relative specifier that resolves to nothing: walk
 * its segments from the importing folder and, where one does not exist,
 * take the closest sibling (folders for inner segments, files spelled the
 * way the specifier spells them for the last one).
 */
import { closestMatch } from '../suggest.js';
import type { CachedFs } from './cached-fs.js';
import { extensionOf, runtimeSpelling } from './resolve-file.js';

const CODE_EXT = /\.(d\.)?([mc]?[tj]sx?)$/;

export async function suggestPath(fs: CachedFs, fromDir: string, written: string): Promise<string | undefined> {
  const segments = written.split('/');
  let dir = fromDir;
  let changed = false;
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg === '.' || seg === '..' || seg === '') {
      out.push(seg);
      dir = seg === '..' ? dir.slice(0, Math.max(dir.lastIndexOf('/'), 1)) : dir;
      continue;
    }
    const listing = await fs.list(dir);
    if (!listing) return undefined;
    const last = i === segments.length - 1;
    if (!last) {
      let name = seg;
      if (!(listing.has(seg) && (await fs.isDir(`${dir}/${seg}`)))) {
        const folders: string[] = [];
        for (const entry of listing.keys()) if (await fs.isDir(`${dir}/${entry}`)) folders.push(entry);
        const match = closestMatch(seg, folders);
        if (match === undefined) return undefined;
        name = match;
        changed = true;
      }
      out.push(name);
      dir = `${dir}/${name}`;
      continue;
    }
    const spellings = new Set<string>();
    const writtenExt = extensionOf(seg);
    for (const entry of listing.keys()) spellings.add(spell(entry, writtenExt));
    const match = spellings.has(seg) ? seg : closestMatch(seg, spellings);
    if (match === undefined) return undefined;
    out.push(match);
    changed ||= match !== seg;
  }
  return changed ? out.join('/') : undefined;
}

/** How a sibling would be written in a specifier that uses extension `writtenExt` (or none). */
function spell(entry: string, writtenExt: string): string {
  if (!CODE_EXT.test(entry)) return entry;
  if (writtenExt === '' || !/^\.[mc]?[tj]sx?$/.test(writtenExt)) return entry.replace(CODE_EXT, '');
  // `./a.ts` (allowImportingTsExtensions) spells files as they are; `./a.js` spells them for runtime.
  return /^\.[mc]?tsx?$/.test(writtenExt) ? entry : runtimeSpelling(entry);
}
