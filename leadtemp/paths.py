"""Where the user's data lives: platformdirs' user data folder, overridable per run."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "LeadTemp"
DB_FILE_NAME = "leadtemp.db"
DB_ENV_VAR = "LEADTEMP_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """``$LEADTEMP_DB`` if set, else ``leadtemp.db`` in the user data folder."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILE_NAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--db`` wins over the environment, which wins over the default."""
    if cli_value:
        return Path(cli_value).expanduser()
    return default_db_path()
