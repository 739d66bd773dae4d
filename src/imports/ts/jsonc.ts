/** tsconfig.json is JSON with comments and trailing commas; this reads it without a dependency. */

/** The parsed value, or undefined when the text is not valid JSONC. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let chunk = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c === 47 && (text.charCodeAt(i + 1) === 47 || text.charCodeAt(i + 1) === 42)) {
      out += text.slice(chunk, i);
      if (text.charCodeAt(i + 1) === 47) {
        while (i < n && text.charCodeAt(i) !== 10) i++;
      } else {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
      }
      chunk = i;
      continue;
    }
    if (c === 44) {
      let k = i + 1;
      while (k < n && /\s/.test(text[k]!)) k++;
      if (text[k] === '}' || text[k] === ']') {
        out += text.slice(chunk, i);
        chunk = i + 1;
      }
    }
    i++;
  }
  out += text.slice(chunk);
  try {
    return JSON.parse(out) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringArray(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
