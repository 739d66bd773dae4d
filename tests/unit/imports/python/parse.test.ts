import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../../src/imports/python/parse.js';

const imports = (source: string): string[] =>
  parseModule(source).imports.map((i) => `${i.line}:${i.col} ${i.from ? 'from ' : ''}${'.'.repeat(i.level)}${i.module}${i.names.length ? ` [${i.names.map((n) => (n.asName ? `${n.name} as ${n.asName}` : n.name)).join(', ')}]` : ''}${i.star ? ' *' : ''}`);

describe('parseModule: imports', () => {
  it('reads every import form with positions', () => {
    const source = [
      'import os, sys as system',
      'from . import a',
      'from ..pkg.sub import (x as y,',
      '    z,)',
      'from m import *',
      'from a \\',
      '    import b; import c',
      'from ... import up',
      'from __future__ import annotations',
    ].join('\n');
    expect(imports(source)).toEqual([
      '1:8 os',
      '1:12 sys [sys as system]',
      '2:6 from . [a]',
      '3:6 from ..pkg.sub [x as y, z]',
      '5:6 from m *',
      '6:6 from a [b]',
      '7:22 c',
      '8:6 from ... [up]',
    ]);
  });

  it('never takes strings, comments, docstrings or f-strings for imports', () => {
    const source = [
      '"""',
      'import in_docstring',
      '"""',
      '# import in_comment',
      "x = 'import in_string'",
      'y = f"{d[\'k\']} import in_fstring {"nested"}"',
      "z = rb'\\d import raw'",
      "w = '''",
      'from in_triple import q',
      "'''",
      'import real',
    ].join('\n');
    expect(imports(source)).toEqual(['11:8 real']);
  });

  it('marks function-level imports lazy and class-level ones eager', () => {
    const info = parseModule('def f():\n    import inner\nclass C:\n    import in_class\nimport top\n');
    expect(info.imports.map((i) => [i.module, i.lazy])).toEqual([['inner', true], ['in_class', false], ['top', false]]);
  });
});

describe('parseModule: guards', () => {
  const guards = (source: string): Record<string, string> =>
    Object.fromEntries(parseModule(source).imports.map((i) => [i.module, `${+i.guard.module}${+i.guard.name}${+i.guard.typeChecking}`]));

  it('knows what each except clause covers', () => {
    const source = [
      'try:', '    import a', 'except ImportError:', '    import fallback',
      'try:', '    import b', 'except ModuleNotFoundError:', '    pass',
      'try:', '    import c', 'except (ValueError, Exception):', '    pass',
      'try:', '    import d', 'except:', '    pass',
      'try:', '    import e', 'except AttributeError:', '    pass',
      'try:', '    import f', 'except KeyError:', '    pass', 'except ImportError as err:', '    pass', 'else:', '    import g',
    ].join('\n');
    expect(guards(source)).toEqual({ a: '110', fallback: '110', b: '100', c: '110', d: '110', e: '000', f: '110', g: '000' });
  });

  it('knows TYPE_CHECKING, platform and version conditions and suppress()', () => {
    const source = [
      'if TYPE_CHECKING:', '    import tc', 'else:', '    import runtime',
      'if typing.TYPE_CHECKING:', '    import tc2',
      'if sys.platform == "win32":', '    import win', 'elif sys.platform == "darwin":', '    import mac', 'else:', '    import other',
      'if sys.version_info < (3, 11):', '    import tomli',
      'with contextlib.suppress(ImportError):', '    import sup',
      'if DEBUG:', '    import dbg',
    ].join('\n');
    expect(guards(source)).toEqual({ tc: '001', runtime: '000', tc2: '001', win: '110', mac: '110', other: '110', tomli: '110', sup: '110', dbg: '000' });
  });

  it('records pytest.importorskip modules', () => {
    expect([...parseModule('np = pytest.importorskip("numpy")\n').skipped]).toEqual(['numpy']);
  });
});

describe('parseModule: module-level bindings', () => {
  it('binds what Python binds at module level, not inside def or class bodies', () => {
    const source = [
      'import a.b', 'import c.d as e', 'from f import g as h, i',
      'try:', '    J = 1', 'except ImportError as K:', '    J = None',
      'if X:', '    L = 1',
      'for M, (N, *O) in []:', '    P = 1',
      'with open() as Q, ctx() as (R, S):', '    pass',
      'T: int = 1', 'U: str', 'V = W = 2', 'obj.attr = 1', 'arr[0] = 2', '(Y := 3)', 'type Z = int',
      'def func(arg):', '    local = 1', '    global G', '    G = 2',
      'class Klass:', '    attr = 1',
      'async def afunc(): pass',
      'fn = lambda q=1: q',
    ].join('\n');
    const names = [...parseModule(source).bindings].sort();
    expect(names).toEqual(['G', 'J', 'K', 'Klass', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'Y', 'Z', 'a', 'afunc', 'e', 'fn', 'func', 'h', 'i'].sort());
  });

  it('reads __all__ in all its forms and notices computed ones', () => {
    const info = parseModule('__all__ = ["a", \'b\']\n__all__ += ["c"]\n__all__.extend(["d"])\n__all__.append("e")\n__all__.remove("b")\n');
    expect(info.all?.map((entry) => entry.name)).toEqual(['a', 'c', 'd', 'e']);
    expect(info.allDynamic).toBe(false);
    expect(parseModule('__all__ = base.__all__ + ["x"]\n').allDynamic).toBe(true);
  });

  it('treats __getattr__, sys.modules replacement and globals() writes as dynamic modules', () => {
    expect(parseModule('def __getattr__(name):\n    return 1\n').dynamic).toBe(true);
    expect(parseModule('__getattr__, __dir__, __all__ = lazy.attach(__name__)\n').dynamic).toBe(true);
    expect(parseModule('sys.modules[__name__] = Wrapper()\n').dynamic).toBe(true);
    expect(parseModule('globals().update(x)\n').dynamic).toBe(true);
    expect(parseModule('def f():\n    def __getattr__(n): pass\n').dynamic).toBe(false);
  });
});

describe('parseModule: real-world regressions', () => {
  it('keeps going after raw f-strings with escaped braces (pygments)', () => {
    const source = "class A:\n    tokens = [\n        (rf'(\\{{%)(-?\\s*)({x})', Other),\n    ]\n\nclass B:\n    pass\n";
    expect([...parseModule(source).bindings].sort()).toEqual(['A', 'B']);
  });

  it('treats pytest.raises(ImportError) and `"." in __name__` as guards, not `__name__ == "__main__"`', () => {
    const source = [
      'def test():', '    with pytest.raises(ImportError):', '        from m import gone',
      'if "." in __name__:', '    from .a import x', 'else:', '    from a import x',
      'if __name__ == "__main__":', '    import main_only',
    ].join('\n');
    expect(parseModule(source).imports.map((i) => [i.module, i.guard.name])).toEqual([['m', true], ['a', true], ['a', true], ['main_only', false]]);
  });

  it('sees modules that invent submodules or install import hooks as dynamic', () => {
    expect(parseModule('sys.modules["py.path"] = path\n').dynamic).toBe(true);
    expect(parseModule('VendorImporter(__name__, names).install()\n').dynamic).toBe(true);
    expect(parseModule('x = sys.modules["json"]\n').dynamic).toBe(false);
  });
});
