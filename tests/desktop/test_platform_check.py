"""A desktop without the X11 libraries Qt needs gets one line naming the packages, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.platform_check import (
    XCB_LIBRARIES,
    library_dirs,
    loadable,
    missing_xcb_packages,
    uses_xcb,
    xcb_problem,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb:nomitshm"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_only_an_xcb_start_is_checked(environ: dict[str, str], platform: str, expected: bool) -> None:
    assert uses_xcb(environ, platform) is expected


def test_the_message_names_each_missing_package() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    problem = xcb_problem({"QT_QPA_PLATFORM": "xcb"}, lambda soname: soname not in absent)
    assert problem is not None and "\n" not in problem
    assert problem.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")
    assert xcb_problem({"QT_QPA_PLATFORM": "xcb"}, lambda soname: True) is None
    assert xcb_problem({"QT_QPA_PLATFORM": "offscreen"}, lambda soname: False) is None
    assert missing_xcb_packages(lambda soname: False) == list(XCB_LIBRARIES.values())
    assert "libxcb-cursor0" in missing_xcb_packages(lambda soname: "cursor" not in soname)


def test_libraries_are_found_where_the_loader_looks(tmp_path: Path) -> None:
    if sys.platform.startswith("linux"):
        assert loadable("libc.so.6")
    assert not loadable("libleadtemp-no-such-library.so.9")
    (tmp_path / "libleadtemp-test.so.1").write_bytes(b"")
    assert loadable("libleadtemp-test.so.1", library_dirs({"LD_LIBRARY_PATH": f"/nowhere:{tmp_path}"}))


def test_the_app_prints_the_packages_and_exits_before_qt_aborts(tmp_path: Path) -> None:
    script = (
        "import sys, desktop.platform_check as check\n"
        "check.loadable = lambda soname, dirs=None: 'cursor' not in soname\n"
        "from desktop.app import main\n"
        "sys.exit(main(['--db', sys.argv[1]]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":99"}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "book.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "LeadTemp cannot open its window: Qt's X11 plugin needs libxcb-cursor0, which is not installed. "
        "On Debian or Ubuntu: sudo apt-get install libxcb-cursor0"
    ]
    assert not (tmp_path / "book.db").exists()
