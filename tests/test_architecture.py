"""The core library never depends on Qt (or on the desktop package): it must run headless."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import leadtemp

PACKAGE = Path(leadtemp.__file__).resolve().parent
REPO = PACKAGE.parent
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qtpy", "desktop")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def _forbidden(name: str) -> bool:
    return name.split(".")[0] in FORBIDDEN


def test_the_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os, PySide6.QtCore\nfrom desktop.app import main\nfrom . import sibling\n"
        "import importlib\nimportlib.import_module('shiboken6')\n"
    )
    assert [name for name in _imports(sample) if _forbidden(name)] == [
        "PySide6.QtCore",
        "desktop.app",
        "shiboken6",
    ]


def test_no_core_module_imports_qt_or_the_desktop() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    offenders = {
        str(path.relative_to(REPO)): bad
        for path in files
        if (bad := [name for name in _imports(path) if _forbidden(name)])
    }
    assert offenders == {}


def test_importing_every_core_module_loads_no_qt() -> None:
    child = (
        "import importlib, json, pkgutil, sys\n"
        "import leadtemp\n"
        "forbidden = tuple(json.loads(sys.argv[1]))\n"
        "names = [m.name for m in pkgutil.walk_packages(leadtemp.__path__, 'leadtemp.')]\n"
        "for name in names:\n"
        "    if name != 'leadtemp.__main__':\n"
        "        importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in forbidden)\n"
        "print(json.dumps({'modules': names, 'loaded': loaded}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", child, json.dumps(FORBIDDEN)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "leadtemp.service" in report["modules"] and "leadtemp.store.store" in report["modules"]
    assert report["loaded"] == []


def test_reading_contact_files_loads_neither_the_database_nor_the_service() -> None:
    child = (
        "import json, sys\n"
        "import leadtemp.importing, leadtemp.importing.read\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('leadtemp.'))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "leadtemp.importing.read.csvfile" in loaded
    assert [name for name in loaded if name.startswith(("leadtemp.store", "leadtemp.service"))] == []
