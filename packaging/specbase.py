"""The PyInstaller recipe shared by ``leadtemp.spec`` and ``bare_window.spec``.

Both executables are built by :func:`build` with the same exclusions and pruning, so the start-up
benchmark compares like with like. A plain PySide6 window bundles to about 160 MB with PyInstaller's
defaults; most of that is Qt the app never loads (translations, QML, network, OpenGL helpers, embedded
and touch-screen platform plugins, the GTK theme with its own copy of the GTK stack), which is what
is left out here.

PyInstaller analyses every Qt plugin before this recipe drops the unused ones, so its log warns about
libraries only those plugins need (``libgtk-3.so.0`` for the GTK theme, for instance); the warnings
are harmless. ``LeadTemp --self-test`` is the check that the bundle has what it needs.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PyInstaller.building.api import COLLECT, EXE, PYZ
from PyInstaller.building.build_main import Analysis
from PyInstaller.building.osx import BUNDLE
from PyInstaller.depend import bindepend

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent

# Python modules the app never imports but something in the dependency graph might name.
EXCLUDED_MODULES = [
    # Qt modules the app does not use (the Qt libraries themselves follow the Python modules).
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtPrintSupport",
    "PySide6.QtUiTools",
    "PySide6.QtSvgWidgets",
    "PySide6.QtDBus",
    "PySide6.scripts",
    # GUI toolkits and tooling that are not part of the app.
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "lib2to3",
    "pydoc_data",
    "distutils",
    "setuptools",
    "pkg_resources",
    "pip",
    "ensurepip",
    "venv",
    # Test and development packages.
    "unittest",
    "doctest",
    "test",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "IPython",
    # Only iCalendar time zones in vobject use pytz (optional there); vCards do not.
    "pytz",
    # phonenumbers is used to parse and normalise numbers, not to geocode them or name carriers
    # (these tables are ~45 MB of Python source).
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
    # rapidfuzz's AVX2 builds duplicate its baseline ones (5 MB); the app's duplicate matching
    # (extractOne with token_sort_ratio over 10,000 names) runs at the same speed on both.
    "rapidfuzz.fuzz_cpp_avx2",
    "rapidfuzz.process_cpp_avx2",
    "rapidfuzz.distance.metrics_cpp_avx2",
    "rapidfuzz.distance._initialize_cpp_avx2",
    # sqlite-utils' command line and plugin system are not used by the app.
    "sqlite_utils.cli",
    # Nothing runs in a second process. Bundled, PyInstaller's run-time hook imports it (with
    # pickle, socket and subprocess) at every start: ~9 ms. Only asyncio's process pool names it.
    "multiprocessing",
]
# ctypes stays: psycopg loads libpq with it (a shared book on a server), though PyInstaller's
# bootstrap then imports it at every start (~3 ms).

# Qt plugins kept, by plugin folder; every other plugin (and every other folder) is dropped.
QT_PLUGINS_KEPT: dict[str, set[str]] = {
    # xcb and wayland for Linux desktops, offscreen for the self-test and CI, the native one elsewhere.
    "platforms": {"qxcb", "qwayland", "qwayland-generic", "qoffscreen", "qwindows", "qcocoa"},
    # The portal theme gives the system colour scheme (light/dark) without bundling GTK.
    "platformthemes": {"qxdgdesktopportal"},
    # Dead keys, compose sequences and input methods in text fields.
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    # PNG is built into QtGui; SVG and ICO icons need these.
    "imageformats": {"qsvg", "qico"},
    "iconengines": {"qsvgicon"},
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle", "qmacstyle"},
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-decoration-client": {"adwaita", "bradient"},
}

_PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<kind>[^/]+)/(?P<file>[^/]+)$")
_DROPPED = [
    re.compile(pattern)
    for pattern in (
        r"^PySide6/(?:Qt/)?translations/",  # the app ships no translations, so Qt's are never loaded
        r"^PySide6/(?:Qt/)?qml/",
        r"(?:^|/)opengl32sw\.dll$",  # Windows' software OpenGL; the widgets app draws with the CPU
    )
]

# A TOC entry as PyInstaller 6 passes it: (name in the bundle, source path, type code).
TocEntry = tuple[str, str, str]


def _bundle_name(entry: TocEntry) -> str:
    return entry[0].replace("\\", "/")


def _plugin_stem(file_name: str) -> str:
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") and not sys.platform.startswith("win") else stem


def is_kept(entry: TocEntry) -> bool:
    """False for the Qt files the app does not load."""
    name = _bundle_name(entry)
    if any(pattern.search(name) for pattern in _DROPPED):
        return False
    plugin = _PLUGIN.match(name)
    if plugin is None:
        return True
    return _plugin_stem(plugin["file"]) in QT_PLUGINS_KEPT.get(plugin["kind"], set())


def _is_dependency_library(entry: TocEntry) -> bool:
    """A shared library collected only because something else links to it."""
    name = _bundle_name(entry)
    base = name.rsplit("/", 1)[-1]
    return entry[2] == "BINARY" and _PLUGIN.match(name) is None and not base.startswith("libpython")


def _is_file(entry: TocEntry) -> bool:
    return entry[2] in ("BINARY", "EXTENSION")


def _linked_names(entries: Iterable[TocEntry], by_base: dict[str, TocEntry]) -> set[str]:
    """Base names of every bundled library reachable through link-time dependencies of ``entries``."""
    seen: set[str] = set()
    pending = [entry for entry in entries if _is_file(entry)]
    while pending:
        entry = pending.pop()
        for imported, _ in bindepend.get_imports(entry[1]):
            base = os.path.basename(imported)
            if base in by_base and base not in seen:
                seen.add(base)
                pending.append(by_base[base])
    return seen


def _without_dangling_links(entries: list[TocEntry], files: Iterable[TocEntry]) -> list[TocEntry]:
    """Drop the convenience symlinks PyInstaller made to libraries that are no longer bundled."""
    present = {_bundle_name(entry) for entry in files if entry[2] != "SYMLINK"}
    kept = []
    for entry in entries:
        if entry[2] == "SYMLINK":
            name = _bundle_name(entry)
            target = os.path.normpath(os.path.join(os.path.dirname(name), entry[1])).replace("\\", "/")
            if target not in present:
                continue
        kept.append(entry)
    return kept


def prune_binaries(binaries: Sequence[TocEntry]) -> list[TocEntry]:
    """Drop unwanted Qt plugins, then the libraries only they linked to (Linux; elsewhere only the
    plugins go, since those bundles are not built and checked here)."""
    kept = [entry for entry in binaries if is_kept(entry)]
    if sys.platform.startswith("linux"):
        by_base = {os.path.basename(_bundle_name(entry)): entry for entry in binaries if _is_file(entry)}
        removed = [entry for entry in binaries if not is_kept(entry)]
        roots = [entry for entry in kept if not _is_dependency_library(entry)]
        orphaned = _linked_names(removed, by_base) - _linked_names(roots, by_base)
        kept = [
            entry
            for entry in kept
            if not (_is_dependency_library(entry) and os.path.basename(_bundle_name(entry)) in orphaned)
        ]
    return kept


def _strip_binaries() -> bool:
    """Strip symbols on Linux (the Python library alone carries ~18 MB of debug info); macOS code
    signatures and Windows DLLs are left alone."""
    return sys.platform.startswith("linux") and shutil.which("strip") is not None


def build(
    name: str,
    script: Path,
    *,
    datas: Sequence[tuple[str, str]] = (),
    hiddenimports: Sequence[str] = (),
    icon_stem: Path | None = None,
    bundle_identifier: str | None = None,
    version: str = "0.0.0",
) -> Any:
    """One-folder, windowed build of ``script`` as ``dist/<name>/<name>`` (``<name>.app`` on macOS)."""
    analysis = Analysis(
        [str(script)],
        pathex=[str(ROOT), str(PACKAGING)],
        hookspath=[str(PACKAGING / "hooks")],
        datas=list(datas),
        hiddenimports=list(hiddenimports),
        excludes=EXCLUDED_MODULES,
        noarchive=False,
    )
    kept_binaries = prune_binaries(analysis.binaries)
    kept_datas = [entry for entry in analysis.datas if is_kept(entry)]
    everything = [*kept_binaries, *kept_datas]
    analysis.binaries = _without_dangling_links(kept_binaries, everything)
    analysis.datas = _without_dangling_links(kept_datas, everything)
    pyz = PYZ(analysis.pure)
    icon = None
    if icon_stem is not None:
        if sys.platform == "win32":
            icon = str(icon_stem.with_suffix(".ico"))
        elif sys.platform == "darwin":
            icon = str(icon_stem.with_suffix(".icns"))
    strip = _strip_binaries()
    exe = EXE(
        pyz,
        analysis.scripts,
        [],
        exclude_binaries=True,
        name=name,
        console=False,
        icon=icon,
        strip=strip,
        upx=False,
    )
    collected = COLLECT(exe, analysis.binaries, analysis.datas, name=name, strip=strip, upx=False)
    if sys.platform != "darwin":
        return collected
    return BUNDLE(
        collected,
        name=f"{name}.app",
        icon=icon,
        bundle_identifier=bundle_identifier,
        version=version,
        info_plist={
            "CFBundleDisplayName": name,
            "CFBundleShortVersionString": version,
            "NSHighResolutionCapable": True,
            "NSRequiresAquaSystemAppearance": False,
            "LSApplicationCategoryType": "public.app-category.business",
        },
    )
