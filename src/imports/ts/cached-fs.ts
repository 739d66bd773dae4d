/**
 * Every existence check of the resolver goes through directory listings,
 * cached per directory: thousands of imports probe the same few folders,
 * and a name counts only when its case matches the listing exactly (a
 * case-insensitive disk would otherwise hide `./Util.js` vs `util.ts`).
 */
import type { ImportsFs } from '../model.js';
import { parseJsonc } from './jsonc.js';
import { baseOf, dirOf, isWithin } from './paths.js';

/** Name → is a directory (undefined: kind not known yet). */
export type Listing = Map<string, boolean | undefined>;

export class CachedFs {
  private readonly listings = new Map<string, Promise<Listing | undefined>>();
  private readonly kinds = new Map<string, Promise<boolean>>();
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly jsons = new Map<string, Promise<unknown>>();
  private readonly validDirs = new Map<string, Promise<boolean>>();

  constructor(
    private readonly fs: ImportsFs,
    /** Case is checked below this folder; above it the user's spelling stands. */
    private readonly root: string,
  ) {}

  list(dir: string): Promise<Listing | undefined> {
    let cached = this.listings.get(dir);
    if (!cached) {
      cached = this.listUncached(dir);
      this.listings.set(dir, cached);
    }
    return cached;
  }

  private async listUncached(dir: string): Promise<Listing | undefined> {
    if (this.fs.listDir) {
      const entries = await this.fs.listDir(dir);
      return entries && new Map(entries.map((e) => [e.name, e.dir]));
    }
    const names = await this.fs.readDir(dir);
    return names && new Map(names.map((name) => [name, undefined]));
  }

  /** The listing of `dir` when it exists with exactly this case (name → is a directory, when known). */
  async validListing(dir: string): Promise<Listing | undefined> {
    const listing = await this.list(dir);
    return listing && (await this.validDir(dir)) ? listing : undefined;
  }

  async isFile(path: string): Promise<boolean> {
    return (await this.kind(path)) === false;
  }

  async isDir(path: string): Promise<boolean> {
    return (await this.kind(path)) === true;
  }

  /** true: directory, false: file, undefined: nothing there with this exact name. */
  private async kind(path: string): Promise<boolean | undefined> {
    const dir = dirOf(path);
    if (dir === path) return true;
    const listing = await this.list(dir);
    if (!listing?.has(baseOf(path)) || !(await this.validDir(dir))) return undefined;
    const known = listing.get(baseOf(path));
    if (known !== undefined) return known;
    let cached = this.kinds.get(path);
    if (!cached) {
      cached = this.fs.isDir(path);
      this.kinds.set(path, cached);
    }
    return cached;
  }

  /** Every folder between the root and `dir` exists with exactly this case. */
  private validDir(dir: string): Promise<boolean> {
    if (dir === this.root || !isWithin(this.root, dir)) return Promise.resolve(true);
    let cached = this.validDirs.get(dir);
    if (!cached) {
      cached = this.kind(dir).then((kind) => kind === true);
      this.validDirs.set(dir, cached);
    }
    return cached;
  }

  readText(path: string): Promise<string | undefined> {
    let cached = this.texts.get(path);
    if (!cached) {
      cached = this.fs.readFile(path);
      this.texts.set(path, cached);
    }
    return cached;
  }

  /** JSON or JSONC, or undefined when missing or unparsable. */
  readJson(path: string): Promise<unknown> {
    let cached = this.jsons.get(path);
    if (!cached) {
      cached = this.isFile(path).then(async (exists) => {
        if (!exists) return undefined;
        const text = await this.fs.readFile(path);
        return text === undefined ? undefined : parseJsonc(text);
      });
      this.jsons.set(path, cached);
    }
    return cached;
  }
}
