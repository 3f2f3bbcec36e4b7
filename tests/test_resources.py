"""The resource helper finds the same files from a checkout, an installed wheel and a frozen bundle.

The frozen case is exercised for real by ``LeadTemp --self-test`` after ``make package`` (CI runs it);
here it is covered by pointing ``sys._MEIPASS`` at a folder.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from leadtemp import resources
from leadtemp.resources import APP_ICON_SIZES, app_icon_files, resource_path, resources_root

REPO = Path(__file__).resolve().parent.parent
SOURCE_RESOURCES = REPO / "resources"


def _source_files() -> list[str]:
    return sorted(
        path.relative_to(SOURCE_RESOURCES).as_posix()
        for path in SOURCE_RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_source_checkout_uses_the_resources_folder() -> None:
    assert resources_root() == SOURCE_RESOURCES
    assert resource_path("icons", "leadtemp.svg") == SOURCE_RESOURCES / "icons" / "leadtemp.svg"


def test_app_icon_pngs_exist_in_every_size() -> None:
    files = app_icon_files()
    assert [_png_size(path) for path in files] == [(size, size) for size in APP_ICON_SIZES]


def test_windows_and_macos_icons_are_well_formed() -> None:
    ico = resource_path("icons", "leadtemp.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    icns = resource_path("icons", "leadtemp.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_missing_resource_names_itself() -> None:
    with pytest.raises(FileNotFoundError, match=r"icons/nope\.png"):
        resource_path("icons", "nope.png")


def test_frozen_bundle_uses_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "leadtemp.svg").write_text("<svg/>")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_root() == tmp_path / "resources"
    assert resource_path("icons", "leadtemp.svg") == tmp_path / "resources" / "icons" / "leadtemp.svg"


def test_stray_resources_folder_without_a_checkout_is_not_mistaken_for_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    (site / "resources").mkdir(parents=True)
    monkeypatch.setattr(resources, "_CHECKOUT", site)
    monkeypatch.setattr(resources, "_SOURCE_ROOT", site / "resources")
    resources._installed_root.cache_clear()
    try:
        assert resources_root() != site / "resources"
    finally:
        resources._installed_root.cache_clear()


_PROBE = textwrap.dedent(
    """
    import json, sys
    from leadtemp.resources import resource_path, resources_root
    names = json.loads(sys.argv[1])
    print(json.dumps({"root": str(resources_root()),
                      "found": [name for name in names if resource_path(*name.split("/")).is_file()]}))
    """
)


def _pip(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        check=True,
        capture_output=True,
        text=True,
    )


def _probe(python: Path, names: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, object]:
    result = subprocess.run(
        [str(python), "-I" if env is None else "-s", "-c", _PROBE, json.dumps(names)],
        cwd=cwd,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


@pytest.mark.slow
def test_installed_wheel_ships_every_resource(tmp_path: Path) -> None:
    """Builds the wheel, installs it in a fresh venv and in a separate prefix, and finds every file."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("leadtemp", "desktop", "resources"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    wheels = tmp_path / "wheels"
    try:
        _pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(source))
    except subprocess.CalledProcessError as error:
        pytest.fail(f"building the wheel failed:\n{error.stderr}")
    (wheel,) = wheels.glob("leadtemp-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    _pip("--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel))

    names = _source_files()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    in_venv = _probe(python, names, elsewhere)
    assert Path(str(in_venv["root"])) == venv / "share" / "leadtemp" / "resources"
    assert in_venv["found"] == names

    # A prefix other than the interpreter's (like ``pip install --user``): found through RECORD.
    # pip runs against the bare venv so it never touches the environment running the tests.
    prefix = tmp_path / "prefix"
    other = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(other)], check=True)
    other_python = other / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    _pip(
        "--python",
        str(other_python),
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        "--prefix",
        str(prefix),
        str(wheel),
    )
    (site_packages,) = [*prefix.glob("lib*/python*/site-packages"), *prefix.glob("Lib/site-packages")]
    env = {"PYTHONPATH": str(site_packages), "PATH": "/usr/bin:/bin"}
    in_prefix = _probe(other_python, names, elsewhere, env)
    assert Path(str(in_prefix["root"])) == (prefix / "share" / "leadtemp" / "resources").resolve()
    assert in_prefix["found"] == names

    # The environment running the tests still has its own install.
    assert metadata.distribution("leadtemp").version
