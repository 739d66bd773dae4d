/**
 * A small TOML reader, enough for pyproject.toml (tables, arrays of tables,
 * dotted and quoted keys, all four string forms, arrays, inline tables).
 * Scalars other than strings and booleans are kept as their source text.
 * Malformed input never throws: what can be read is returned.
 */

export type TomlValue = string | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  const parser = new Parser(text);
  let current = root;
  for (;;) {
    parser.skipBlank();
    if (parser.done()) break;
    const start = parser.pos;
    try {
      if (parser.peek() === '[') {
        const isArray = parser.text.startsWith('[[', parser.pos);
        parser.pos += isArray ? 2 : 1;
        const keys = parser.keyPath();
        parser.pos += isArray ? 2 : 1;
        current = isArray ? appendTable(root, keys) : tableAt(root, keys);
      } else {
        const keys = parser.keyPath();
        parser.skipInline();
        if (parser.peek() !== '=') throw new Error('expected =');
        parser.pos++;
        const value = parser.value();
        const target = tableAt(current, keys.slice(0, -1));
        target[keys[keys.length - 1]!] = value;
      }
    } catch {
      // Skip only the line where the bad statement starts, so one typo loses one line, not the rest.
      parser.pos = start;
      parser.skipLine();
    }
  }
  return root;
}

function tableAt(root: TomlTable, keys: readonly string[]): TomlTable {
  let table = root;
  for (const key of keys) {
    let next = table[key];
    if (Array.isArray(next)) next = next[next.length - 1];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      next = {};
      table[key] = next;
    }
    table = next as TomlTable;
  }
  return table;
}

function appendTable(root: TomlTable, keys: readonly string[]): TomlTable {
  const parent = tableAt(root, keys.slice(0, -1));
  const last = keys[keys.length - 1]!;
  const list = Array.isArray(parent[last]) ? (parent[last] as TomlValue[]) : [];
  const table: TomlTable = {};
  list.push(table);
  parent[last] = list;
  return table;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  skipInline(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  skipLine(): void {
    while (!this.done() && this.peek() !== '\n') this.pos++;
  }
  /** Whitespace, newlines and comments. */
  skipBlank(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') this.pos++;
      else if (ch === '#') this.skipLine();
      else return;
    }
  }

  keyPath(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipInline();
      const ch = this.peek();
      if (ch === '"' || ch === "'") keys.push(this.string());
      else {
        const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos, this.pos + 256));
        if (!match) throw new Error('bad key');
        keys.push(match[0]);
        this.pos += match[0].length;
      }
      this.skipInline();
      if (this.peek() !== '.') return keys;
      this.pos++;
    }
  }

  value(): TomlValue {
    this.skipInline();
    const ch = this.peek();
    if (ch === '"' || ch === "'") return this.string();
    if (ch === '[') return this.array();
    if (ch === '{') return this.inlineTable();
    const match = /^[^\s,\]}#]+/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!match) throw new Error('bad value');
    this.pos += match[0].length;
    return match[0] === 'true' ? true : match[0] === 'false' ? false : match[0];
  }

  array(): TomlValue[] {
    const items: TomlValue[] = [];
    this.items(']', () => items.push(this.value()));
    return items;
  }

  inlineTable(): TomlTable {
    const table: TomlTable = {};
    this.items('}', () => {
      const keys = this.keyPath();
      this.skipInline();
      this.pos++; // '='
      tableAt(table, keys.slice(0, -1))[keys[keys.length - 1]!] = this.value();
    });
    return table;
  }

  /** From the opening bracket to `close`: comma-separated items, newlines and comments between them. */
  private items(close: ']' | '}', readItem: () => void): void {
    this.pos++;
    for (;;) {
      this.skipBlank();
      if (this.peek() === close) {
        this.pos++;
        return;
      }
      if (this.done()) throw new Error(`unterminated ${close === ']' ? 'array' : 'table'}`);
      readItem();
      this.skipBlank();
      if (this.peek() === ',') this.pos++;
    }
  }

  string(): string {
    const quote = this.peek();
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const delimiter = triple ? quote.repeat(3) : quote;
    this.pos += delimiter.length;
    if (triple && this.peek() === '\n') this.pos++;
    else if (triple && this.text.startsWith('\r\n', this.pos)) this.pos += 2;
    let out = '';
    while (!this.done()) {
      if (this.text.startsWith(delimiter, this.pos)) {
        this.pos += delimiter.length;
        return out;
      }
      const ch = this.text[this.pos++]!;
      if (ch === '\\' && quote === '"') {
        const next = this.text[this.pos++] ?? '';
        if (next === 'u' || next === 'U') {
          const length = next === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(this.text.slice(this.pos, this.pos + length), 16) || 0xfffd);
          this.pos += length;
        } else if (triple && (next === '\n' || next === ' ' || next === '\r')) {
          while (/\s/.test(this.peek())) this.pos++; // line-ending backslash trims
        } else {
          out += ESCAPES[next] ?? next;
        }
      } else if (!triple && ch === '\n') {
        throw new Error('newline in string');
      } else {
        out += ch;
      }
    }
    throw new Error('unterminated string');
  }
}

/** Typed getters for walking parsed TOML without casts everywhere. */
export function tomlTable(value: TomlValue | undefined): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

export function tomlStrings(value: TomlValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

export function tomlGet(table: TomlTable | undefined, ...keys: string[]): TomlValue | undefined {
  let value: TomlValue | undefined = table;
  for (const key of keys) value = tomlTable(value)?.[key];
  return value;
}
