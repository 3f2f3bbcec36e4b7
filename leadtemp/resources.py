"""Find bundled resources (icons, stylesheets, default data) the same way from a source checkout,
an installed wheel and a frozen PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent / "resources"


def resources_root() -> Path:
    """The folder holding ``resources/``'s content for the way the app is running."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    if _SOURCE_ROOT.is_dir():
        return _SOURCE_ROOT
    return Path(sys.prefix) / "share" / "leadtemp" / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one resource; raises FileNotFoundError naming it when it is missing."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"LeadTemp resource missing: {'/'.join(parts)} (looked in {path.parent})")
    return path
