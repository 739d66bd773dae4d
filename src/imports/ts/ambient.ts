/** Ambient `declare module 'x'` and wildcard `declare module '*.svg'` names found in the project. */

export class AmbientModules {
  private readonly exact = new Set<string>();
  private readonly patterns: { prefix: string; suffix: string }[] = [];

  add(name: string): void {
    const star = name.indexOf('*');
    if (star < 0) this.exact.add(name);
    else this.patterns.push({ prefix: name.slice(0, star), suffix: name.slice(star + 1) });
  }

  matches(specifier: string): boolean {
    if (this.exact.has(specifier)) return true;
    return this.patterns.some(
      (p) =>
        specifier.length >= p.prefix.length + p.suffix.length &&
        specifier.startsWith(p.prefix) &&
        specifier.endsWith(p.suffix),
    );
  }
}
