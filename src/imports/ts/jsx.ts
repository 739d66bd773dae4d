/**
 * JSX, just enough to skip its text and attribute strings (where quotes and
 * slashes mean nothing) while the scanner still reads every `{…}` expression.
 */
import { isIdentPart, isIdentStart, isSpace } from './chars.js';

/** What the JSX reader needs from the code scanner that drives it. */
export interface JsxHost {
  readonly src: string;
  readonly n: number;
  pos: number;
  /** .tsx: `<T,>` and `<T extends U>` start generic arrows, not elements. */
  readonly tsx: boolean;
  /** Scans a `{…}` body as code (the `{` is consumed); false at EOF. */
  nested(): boolean;
  skipLine(): void;
  skipBlockComment(): void;
}

function skipJsxSpace(h: JsxHost): void {
  while (h.pos < h.n) {
    const c = h.src.charCodeAt(h.pos);
    if (isSpace(c)) h.pos++;
    else if (c === 47 && h.src.charCodeAt(h.pos + 1) === 42) h.skipBlockComment();
    else if (c === 47 && h.src.charCodeAt(h.pos + 1) === 47) h.skipLine();
    else return;
  }
}

function readJsxName(h: JsxHost): boolean {
  const start = h.pos;
  while (h.pos < h.n) {
    const c = h.src.charCodeAt(h.pos);
    if (isIdentPart(c) || c === 45 || c === 46 || c === 58) h.pos++;
    else break;
  }
  return h.pos > start;
}

/** At `<`: an element or fragment, through its closing tag. */
export function jsxElement(h: JsxHost): boolean {
  const src = h.src;
  h.pos++;
  skipJsxSpace(h);
  if (src.charCodeAt(h.pos) === 62) {
    h.pos++;
    return jsxChildren(h);
  }
  if (!isIdentStart(src.charCodeAt(h.pos)) || !readJsxName(h)) return false;
  skipJsxSpace(h);
  if (h.tsx && (src.charCodeAt(h.pos) === 44 || src.startsWith('extends ', h.pos))) {
    return false;
  }
  for (;;) {
    skipJsxSpace(h);
    const c = src.charCodeAt(h.pos);
    if (c === 47) {
      if (src.charCodeAt(h.pos + 1) !== 62) return false;
      h.pos += 2;
      return true;
    }
    if (c === 62) {
      h.pos++;
      return jsxChildren(h);
    }
    if (c === 123) {
      h.pos++;
      if (!h.nested()) return false;
      continue;
    }
    if (!isIdentStart(c) || !readJsxName(h)) return false;
    skipJsxSpace(h);
    if (src.charCodeAt(h.pos) !== 61) continue;
    h.pos++;
    skipJsxSpace(h);
    const v = src.charCodeAt(h.pos);
    if (v === 34 || v === 39) {
      const end = src.indexOf(v === 34 ? '"' : "'", h.pos + 1);
      if (end < 0) return false;
      h.pos = end + 1;
    } else if (v === 123) {
      h.pos++;
      if (!h.nested()) return false;
    } else if (v === 60) {
      if (!jsxElement(h)) return false;
    } else {
      return false;
    }
  }
}

/** After an opening tag's `>`: text, `{…}` and child elements, through the closing tag. */
function jsxChildren(h: JsxHost): boolean {
  const src = h.src;
  while (h.pos < h.n) {
    const c = src.charCodeAt(h.pos);
    if (c === 123) {
      h.pos++;
      if (!h.nested()) return false;
    } else if (c === 60) {
      const open = h.pos;
      h.pos++;
      skipJsxSpace(h);
      if (src.charCodeAt(h.pos) === 47) {
        const end = src.indexOf('>', h.pos);
        if (end < 0) return false;
        h.pos = end + 1;
        return true;
      }
      h.pos = open;
      if (!jsxElement(h)) return false;
    } else {
      h.pos++;
    }
  }
  return false;
}
