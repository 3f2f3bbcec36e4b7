"""Capture tests read the shipped phrase rules, never a rules file of the machine's user."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtemp.paths import CONFIG_ENV_VAR


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV_VAR, str(folder))
    return folder
