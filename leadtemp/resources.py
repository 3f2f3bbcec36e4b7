"""Find bundled resources (icons, stylesheets, default data) the same way from a source checkout,
an installed wheel and a frozen PyInstaller bundle.

- source checkout: ``resources/`` beside the ``leadtemp`` package (editable installs too);
- wheel: the wheel ships ``resources/`` as data files in ``<prefix>/share/leadtemp/resources``
  (``pyproject.toml``, ``[tool.setuptools.data-files]``);
- frozen: the spec copies ``resources/`` to ``<bundle>/resources`` (``sys._MEIPASS``).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_SOURCE_ROOT = _CHECKOUT / "resources"
_DATA_SUBDIR = Path("share", "leadtemp", "resources")


def resources_root() -> Path:
    """The folder holding ``resources/``'s content for the way the app is running."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    # pyproject.toml tells a checkout apart from a stray top-level "resources" folder in site-packages.
    if _SOURCE_ROOT.is_dir() and (_CHECKOUT / "pyproject.toml").is_file():
        return _SOURCE_ROOT
    return _installed_root()


@functools.cache
def _installed_root() -> Path:
    """Where pip put the wheel's data files: the environment's prefix, else wherever RECORD says
    (``pip install --user``, distro prefixes such as /usr/local)."""
    prefixed = Path(sys.prefix) / _DATA_SUBDIR
    if prefixed.is_dir():
        return prefixed
    located = _root_from_record()
    return located if located is not None else prefixed


def _root_from_record() -> Path | None:
    from importlib import metadata

    try:
        distribution = metadata.distribution("leadtemp")
    except metadata.PackageNotFoundError:
        return None
    marker = _DATA_SUBDIR.parts
    for entry in distribution.files or ():
        parts = entry.parts
        for start in range(len(parts) - len(marker)):
            if parts[start : start + len(marker)] == marker:
                relative = Path(*parts[: start + len(marker)])
                return Path(str(distribution.locate_file(relative))).resolve()
    return None


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon_files() -> list[Path]:
    """The app icon's PNG renderings, smallest first, so a window icon has a sharp size for every use."""
    return [resource_path("icons", f"leadtemp-{size}.png") for size in APP_ICON_SIZES]


def resource_path(*parts: str) -> Path:
    """Path of one resource; raises FileNotFoundError naming it when it is missing."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"LeadTemp resource missing: {'/'.join(parts)} (looked in {path.parent})")
    return path
