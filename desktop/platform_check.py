"""Before the first window on Linux: are the X11 libraries Qt's xcb plugin needs there?

Without one of them Qt aborts with "Could not load the Qt platform plugin "xcb"", which names
neither the library nor the package to install. Checked before the QApplication exists, and only
when Qt is going to use xcb; each library is found by its soname (as the plugin would load it)
by looking where the dynamic loader looks (a few file checks), the bundle's own libraries too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

#: Libraries the xcb platform plugin links beyond libxcb itself, with the Debian/Ubuntu package
#: that installs each; the first three are those not installed by default on many desktops.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will pick its xcb plugin: on Linux when asked to, or by default outside Wayland."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").strip()
    if asked:
        return asked.split(";")[0].split(":")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def library_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """Where the dynamic loader would look, and where a frozen build or the PySide6 wheel keeps
    libraries of its own. (The bundle leaves out ctypes, so the loader is not asked directly.)"""
    dirs = [Path(entry) for entry in environ.get("LD_LIBRARY_PATH", "").split(":") if entry]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs.append(Path(bundle))
    import PySide6

    dirs.append(Path(PySide6.__file__).parent / "Qt" / "lib")
    for conf in sorted(Path("/etc/ld.so.conf.d").glob("*.conf")):
        try:
            lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        dirs.extend(Path(line.strip()) for line in lines if line.strip().startswith("/"))
    dirs.extend(Path(folder) for folder in ("/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"))
    return dirs


def loadable(soname: str, dirs: list[Path] | None = None) -> bool:
    return any((folder / soname).exists() for folder in (library_dirs() if dirs is None else dirs))


def missing_xcb_packages(load: Callable[[str], bool] | None = None) -> list[str]:
    found: Callable[[str], bool]
    if load is None:
        dirs = library_dirs()
        found = partial(loadable, dirs=dirs)
    else:
        found = load
    return [package for soname, package in XCB_LIBRARIES.items() if not found(soname)]


def xcb_problem(
    environ: Mapping[str, str] = os.environ, load: Callable[[str], bool] | None = None
) -> str | None:
    """One line naming the packages to install, or None when the window can open."""
    if not uses_xcb(environ):
        return None
    missing = missing_xcb_packages(load)
    if not missing:
        return None
    packages = " ".join(missing)
    return (
        f"LeadTemp cannot open its window: Qt's X11 plugin needs {packages}, which "
        f"{'is' if len(missing) == 1 else 'are'} not installed. On Debian or Ubuntu: "
        f"sudo apt-get install {packages}"
    )
