import { describe, expect, it } from 'vitest';
import { parseToml } from '../../../../src/imports/python/toml.js';
import { discoverProject, requirementName } from '../../../../src/imports/python/project.js';
import { importNamesOf } from '../../../../src/imports/python/dist-names.js';
import { memoryFs } from '../memory-fs.js';

describe('parseToml', () => {
  it('reads what pyproject.toml files use', () => {
    const toml = parseToml([
      '# comment',
      '[project]',
      'name = "demo" # trailing',
      "dependencies = [",
      '  "requests>=2",  # pinned',
      "  'PyYAML',",
      ']',
      '[project.optional-dependencies]',
      'cv = ["opencv-python"]',
      '[tool.poetry]',
      'packages = [{ include = "demo", from = "src" }]',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      '"quoted.key" = { version = "1", extras = ["x"] }',
      '[[tool.hatch.envs]]',
      'a.b = true',
      'text = """multi',
      'line"""',
      "lit = 'C:\\path'",
      'esc = "tab\\there \\u00e9"',
      'broken = [unterminated',
      '[after]',
      'ok = 1',
    ].join('\n'));
    expect(toml).toEqual({
      project: { name: 'demo', dependencies: ['requests>=2', 'PyYAML'], 'optional-dependencies': { cv: ['opencv-python'] } },
      tool: {
        poetry: { packages: [{ include: 'demo', from: 'src' }], dependencies: { python: '^3.11', 'quoted.key': { version: '1', extras: ['x'] } } },
        hatch: { envs: [{ a: { b: true }, text: 'multi\nline', lit: 'C:\\path', esc: 'tab\there é' }] },
      },
      after: { ok: '1' },
    });
  });

  it('loses only the line of an unterminated array or inline table', () => {
    expect(parseToml('a = [1,\n# c\n[t]\nx = 1\nb = { k = "v",\n[u]\ny = "2"\n')).toEqual({ t: { x: '1' }, u: { y: '2' } });
  });
});

describe('dependencies', () => {
  it('takes the distribution name out of any requirement line', () => {
    expect(requirementName('requests[socks]>=2.31 ; python_version < "3.9"')).toBe('requests');
    expect(requirementName('-e git+https://x/y.git#egg=internal_tool')).toBe('internal_tool');
    expect(requirementName('--index-url https://x')).toBeUndefined();
    expect(requirementName('# comment')).toBeUndefined();
    expect(requirementName('name @ https://x/y.whl')).toBe('name');
  });

  it('maps distributions to import names', () => {
    expect(importNamesOf('PyYAML')).toContain('yaml');
    expect(importNamesOf('Pillow')).toContain('PIL');
    expect(importNamesOf('scikit-learn')).toContain('sklearn');
    expect(importNamesOf('google-cloud-storage')).toContain('google');
    expect(importNamesOf('Flask_SQLAlchemy')).toContain('flask_sqlalchemy');
    expect(importNamesOf('python-dotenv')).toContain('dotenv');
    expect(importNamesOf('types-requests')).toEqual([]);
  });

  it('discovers roots and declarations of workspace members, requirements includes and setup.cfg', async () => {
    const fs = memoryFs({
      '/r/pyproject.toml': '[tool.uv.workspace]\nmembers = ["libs/*"]\n[tool.setuptools.packages.find]\nwhere = ["lib"]\n',
      '/r/lib/pkg/__init__.py': '',
      '/r/libs/one/pyproject.toml': '[project]\nname = "one"\ndependencies = ["httpx"]\n[tool.hatch.build.targets.wheel]\npackages = ["src/one"]\n',
      '/r/libs/one/src/one/__init__.py': '',
      '/r/libs/two/setup.cfg': '[options]\npackage_dir =\n    =source\ninstall_requires =\n    attrs>=22\n    click\n',
      '/r/libs/two/source/two/__init__.py': '',
      '/r/requirements-dev.txt': '-r requirements/base.txt\npytest\n',
      '/r/requirements/base.txt': 'beautifulsoup4\n',
      '/r/node_modules/x/pyproject.toml': '[project]\ndependencies = ["never"]\n',
    });
    const project = await discoverProject(fs, '/r');
    expect(project.roots).toEqual(['/r', '/r/lib', '/r/libs/one', '/r/libs/one/src', '/r/libs/two', '/r/libs/two/source']);
    expect([...project.declared].sort()).toEqual(['attr', 'attrs', 'bs4', 'beautifulsoup4', 'click', 'httpx', 'one', 'pytest'].sort());
  });
});
