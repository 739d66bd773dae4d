// Generates a realistic Python repository for bench/imports.mjs: a src-layout
// project with packages, sub-packages, re-exporting __init__ files, absolute
// and relative imports, stdlib and declared third-party imports, guarded and
// TYPE_CHECKING imports, and a known set of broken imports (one of them the
// kind from the incident: a module deleted in git history).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const STDLIB = ['os', 'sys', 'json', 're', 'logging', 'dataclasses', 'pathlib', 'collections', 'functools', 'itertools', 'typing'];

/** @returns {{ modules: number, broken: Array<{ file: string, line: number, what: string }> }} */
export function generatePythonTree(root, { packages = 40, modulesPerPackage = 50 } = {}) {
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const git = (...args) => execFileSync('git', args, { cwd: root, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } });
  write('pyproject.toml', '[project]\nname = "app"\ndependencies = ["requests>=2", "PyYAML"]\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n');
  write('pyrightconfig.json', JSON.stringify({ include: ['src'], pythonVersion: '3.11' }));
  write('.gitignore', 'build/\n');
  write('src/app/__init__.py', '"""The app."""\n');
  write('src/app/legacy_core.py', 'class Engine:\n    """The old engine."""\n\n    def run(self) -> int:\n        return 1\n');
  write('src/app/uses_legacy.py', 'from app.legacy_core import Engine\n\n\ndef start() -> int:\n    return Engine().run()\n');
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'legacy');
  rmSync(join(root, 'src/app/legacy_core.py'));
  write('src/app/legacy_compact.py', 'class CompactEngine:\n    """The new engine."""\n\n    def run(self) -> int:\n        return 2\n');
  const broken = [{ file: 'src/app/uses_legacy.py', line: 1, what: 'deleted module app.legacy_core' }];

  let modules = 3;
  for (let p = 0; p < packages; p++) {
    const pkg = `src/app/pkg${p}`;
    const reexports = [];
    for (let m = 0; m < modulesPerPackage; m++) {
      const sub = m % 5 === 4;
      const path = sub ? `${pkg}/sub/mod${m}.py` : `${pkg}/mod${m}.py`;
      const lines = [`"""Module ${p}.${m}: generated for the verify-imports benchmark.`, '', 'import app.pkg0 is mentioned in this docstring and is not an import.', '"""'];
      lines.push('from __future__ import annotations', '');
      for (let s = 0; s < 4; s++) lines.push(`import ${STDLIB[(p + m + s) % STDLIB.length]}`);
      lines.push('from typing import TYPE_CHECKING, Any', '');
      if (m % 7 === 0) lines.push('import requests', 'import yaml');
      // Imports of earlier packages only: the import graph stays acyclic like most real code.
      if (p > 0) {
        const q = (p * 7 + m) % p;
        const n = (m * 3) % modulesPerPackage;
        const target = n % 5 === 4 ? `app.pkg${q}.sub.mod${n}` : `app.pkg${q}.mod${n}`;
        lines.push(`from ${target} import Model${n}, helper_${n}`);
        lines.push(`from app.pkg${q} import Model0`);
      }
      if (m > 0 && !sub && m - 1 !== 0 && (m - 1) % 5 !== 4) lines.push(`from .mod${m - 1} import Model${m - 1}`);
      if (sub) lines.push(`from ..mod0 import Model0`);
      if (m % 9 === 1) lines.push('try:', '    import ujson as fastjson', 'except ImportError:', '    fastjson = None');
      lines.push('', 'if TYPE_CHECKING:', `    from app.pkg${p}.mod0 import Model0 as _TypeOnly`, '');
      lines.push('', `CONSTANT_${m} = ${m}`, `__all__ = ["Model${m}", "helper_${m}", "CONSTANT_${m}"]`, '');
      for (let c = 0; c < 3; c++) {
        lines.push('', '', `class ${c === 0 ? `Model${m}` : `Model${m}Part${c}`}:`, `    """A model with a docstring mentioning from os import path."""`, '');
        lines.push(`    name: str = "model-${p}-${m}-${c}"`, '    values: list[int] = []', '');
        lines.push('    def describe(self, verbose: bool = False) -> dict[str, Any]:', '        result = {"name": self.name, "count": len(self.values)}');
        lines.push('        if verbose:', `            result["detail"] = f"{self.name}: {sum(self.values)} items, import nothing"`, '        return result', '');
        lines.push('    def update(self, *items: int) -> None:', '        for item in items:', '            if item > 0:', '                self.values.append(item)');
      }
      lines.push('', '', `def helper_${m}(value: int) -> int:`, '    total = 0', '    for i in range(value):', '        total += i * 2', '    return total', '');
      // A handful of real breakages, at known lines.
      if (p === 3 && m === 5) broken.push({ file: path, line: lines.push('from app.pkg1.mod2 import MissingName'), what: 'missing name' });
      if (p === 5 && m === 7) broken.push({ file: path, line: lines.push('import app.pkg2.nonexistent'), what: 'missing module' });
      if (p === 7 && m === 3) broken.push({ file: path, line: lines.push('from .gone import thing'), what: 'missing relative module' });
      if (p === 9 && m === 11) broken.push({ file: path, line: lines.push('from app.pkg4 import mod999'), what: 'missing submodule' });
      if (p === 11 && m === 2) broken.push({ file: path, line: lines.push('from app.pkg6.mod8 import helper_9'), what: 'misspelt name' });
      if (p === 13 && m === 1) broken.push({ file: path, line: lines.push('from app.pkg8.mod12 import Model12Part9'), what: 'missing class' });
      write(path, `${lines.join('\n')}\n`);
      modules++;
      if (m < 10 && !sub) reexports.push(`from .mod${m} import Model${m}`);
    }
    write(`${pkg}/__init__.py`, `${reexports.join('\n')}\n`);
    write(`${pkg}/sub/__init__.py`, '');
    modules += 2;
  }
  write('build/lib/app/ignored.py', 'import does_not_matter\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'compact engine');
  return { modules, broken };
}
