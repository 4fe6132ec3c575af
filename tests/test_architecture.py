"""The shape of the code: import rules, room sizes and thin page callbacks.

docs/architecture.md states these rules; this file keeps them true:

- ``lint-imports`` (import-linter, contracts in ``.importlinter``): nothing under ``layers/``
  imports dash, flask, plotly or the dashboard, directly or through another module, and there is
  no import cycle between modules or subpackages of ``layers/`` or ``dashboard/``;
- importing every module of ``layers`` in a fresh interpreter loads no dash (the rule at run time,
  which also catches imports hidden inside functions);
- no product module over 600 lines; at most 3 functions over 60 lines, each saying why in a
  ``# long:`` comment;
- every Dash callback of ``dashboard/pages`` is at most 15 lines from its first statement.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("layers", "dashboard")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60
MAX_LONG_FUNCTIONS = 3
MAX_CALLBACK_LINES = 15


def _product_files() -> list[Path]:
    return sorted(p for pkg in PRODUCT for p in (ROOT / pkg).rglob("*.py"))


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_import_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
        "lint-imports")
    assert exe, "import-linter is not installed (it is a test dependency in pyproject.toml)"
    run = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "Contracts: 5 kept, 0 broken." in run.stdout


def test_importing_all_of_layers_loads_no_dash():
    import layers
    names = sorted(m.name for m in pkgutil.walk_packages(layers.__path__, "layers.")
                   if not m.name.endswith("__main__"))
    assert len(names) > 20
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('dash', 'dash_leaflet', 'dash_extensions', 'flask', 'dashboard'))\n"
            "print(','.join(bad))\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == "", f"layers loaded: {run.stdout.strip()}"


def test_modules_stay_small():
    big = {str(p.relative_to(ROOT)): n for p in _product_files()
           if (n := p.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES}
    assert big == {}


def test_long_functions_are_few_and_say_why():
    long_ones = []
    for path in _product_files():
        src = path.read_text(encoding="utf-8")
        lines = src.splitlines()
        for fn in _functions(ast.parse(src)):
            n = fn.end_lineno - fn.lineno + 1
            if n > MAX_FUNCTION_LINES:
                head = lines[max(0, fn.lineno - 4): fn.lineno + 3]
                why = any("# long:" in line for line in head)
                long_ones.append((f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({n})", why))
    assert len(long_ones) <= MAX_LONG_FUNCTIONS, long_ones
    assert all(why for _, why in long_ones), [f for f, why in long_ones if not why]


def _is_callback(fn: ast.FunctionDef) -> bool:
    for dec in fn.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in ("callback", "clientside_callback"):
            return True
    return False


def test_page_callbacks_are_thin():
    pages = ROOT / "dashboard" / "pages"
    if not pages.exists():
        pytest.fail("dashboard/pages is missing")
    callbacks, fat = 0, []
    for path in sorted(pages.rglob("*.py")):
        for fn in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            if not _is_callback(fn):
                continue
            callbacks += 1
            first = fn.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(fn.body) > 1:
                first = fn.body[1]                      # the docstring does not count
            n = fn.end_lineno - first.lineno + 1
            if n > MAX_CALLBACK_LINES:
                fat.append(f"{path.relative_to(ROOT)}:{fn.lineno} {fn.name} ({n})")
    assert callbacks >= 10, f"only {callbacks} callbacks found under dashboard/pages"
    assert fat == []
