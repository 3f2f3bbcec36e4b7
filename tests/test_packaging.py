"""Packaging pieces that can be checked without building a bundle: the PyInstaller pruning rules,
the icon containers, and the Linux desktop entry installer. ``make package`` plus
``dist/LeadTemp/LeadTemp --self-test`` (run by CI) checks the bundle itself."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"


@pytest.fixture
def packaging_path() -> Iterator[None]:
    pytest.importorskip("PyInstaller", reason="the package extra is not installed")
    sys.path.insert(0, str(PACKAGING))
    try:
        yield
    finally:
        sys.path.remove(str(PACKAGING))


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\opengl32sw.dll", False),
        ("leadtemp/resources.py", True),
    ],
)
def test_bundle_keeps_only_what_the_app_loads(packaging_path: None, name: str, kept: bool) -> None:
    import specbase

    assert specbase.is_kept((name, "/src/" + name, "BINARY")) is kept


def test_links_to_dropped_libraries_are_dropped(packaging_path: None) -> None:
    import specbase

    files = [("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY")]
    links = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
    ]
    assert specbase._without_dangling_links(links, files) == links[:1]


def test_icon_containers_hold_every_size(packaging_path: None) -> None:
    import make_icons

    pngs = [(16, b"\x89PNG-16"), (256, b"\x89PNG-256")]
    ico = make_icons.ico_bytes(pngs)
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 2)
    width, _, _, _, _, bits, size, offset = struct.unpack("<BBBBHHII", ico[6:22])
    assert (width, bits, ico[offset : offset + size]) == (16, 32, b"\x89PNG-16")
    assert struct.unpack("<BBBBHHII", ico[22:38])[0] == 0  # 256 px is written as 0

    icns = make_icons.icns_bytes([(b"icp4", b"A" * 10), (b"ic08", b"B" * 20)])
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert icns[8:12] == b"icp4" and struct.unpack(">I", icns[12:16])[0] == 18


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("sh") is None, reason="POSIX shell script")
def test_desktop_entry_installs_and_uninstalls_under_xdg_data_home(tmp_path: Path) -> None:
    folder = tmp_path / "odd $dir"
    folder.mkdir()
    executable = folder / 'Lead"Temp'
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    data_home = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "PATH": "/usr/bin:/bin"}
    script = PACKAGING / "linux" / "install-desktop-entry.sh"

    subprocess.run(["sh", str(script), str(executable)], env=env, check=True, capture_output=True)
    entry = (data_home / "applications" / "LeadTemp.desktop").read_text()
    assert 'Exec="' + str(folder).replace("$", "\\\\$") + '/Lead\\\\"Temp"' in entry.splitlines()
    assert f"TryExec={executable}" in entry.splitlines()
    assert "Icon=leadtemp" in entry.splitlines()
    for size in (16, 48, 256, 512):
        assert (data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "leadtemp.png").is_file()
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / "leadtemp.svg").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(data_home / "applications" / "LeadTemp.desktop")], check=True
        )

    subprocess.run(["sh", str(script), "--uninstall"], env=env, check=True, capture_output=True)
    assert not (data_home / "applications" / "LeadTemp.desktop").exists()
    assert not list((data_home / "icons").rglob("leadtemp.*"))


@pytest.mark.skipif(sys.platform == "win32" or shutil.which("sh") is None, reason="POSIX shell script")
def test_desktop_entry_installer_refuses_a_missing_executable(tmp_path: Path) -> None:
    script = PACKAGING / "linux" / "install-desktop-entry.sh"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run(
        ["sh", str(script), str(tmp_path / "nope")], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "Not an executable" in result.stderr
    assert not (tmp_path / "applications").exists()
