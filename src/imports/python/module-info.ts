/** What the Python parser extracts from one file. */

/** What a guard around an import covers when the import fails. */
export interface Guard {
  /** A missing module is handled (except ImportError/ModuleNotFoundError, platform checks, …). */
  module: boolean;
  /** A missing name is handled (except ImportError, not ModuleNotFoundError). */
  name: boolean;
  /** Only seen by type checkers (`if TYPE_CHECKING:`). */
  typeChecking: boolean;
}

export interface PyImportedName {
  name: string;
  asName?: string;
  line: number;
  col: number;
}

export interface PyImport {
  /** `from X import …` rather than `import X`. */
  from: boolean;
  /** Leading dots of a relative import; 0 for absolute. */
  level: number;
  /** Dotted module without the leading dots ('' for `from . import x`). */
  module: string;
  line: number;
  col: number;
  /** For `from` imports (empty for `import *`). */
  names: PyImportedName[];
  star: boolean;
  guard: Guard;
  /** Inside a function body: runs on call, not at import time (no import-time cycle). */
  lazy: boolean;
}

export interface AllEntry {
  name: string;
  line: number;
  col: number;
}

export interface ModuleInfo {
  imports: PyImport[];
  /** Every module-level binding: defs, classes, assignments, imports, globals. */
  bindings: Set<string>;
  /** The bindings this module defines itself (def, class, assignment), not by importing: where a moved name now lives. */
  defined: Set<string>;
  /** A static `__all__`; undefined when the module has none. */
  all?: AllEntry[];
  /** `__all__` is computed (cannot be read statically). */
  allDynamic: boolean;
  /** Any attribute may exist: PEP 562 `__getattr__`, `sys.modules[__name__] = …`, `globals()` writes. */
  dynamic: boolean;
  /** Modules named in `pytest.importorskip("…")`. */
  skipped: Set<string>;
}
