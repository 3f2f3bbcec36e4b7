"""Where the user's data lives: platformdirs' user data folder, overridable per run."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

from leadtemp.errors import DatabaseError
from leadtemp.server_address import ServerAddress, as_path, is_server_address

APP_NAME = "LeadTemp"
DB_FILE_NAME = "leadtemp.db"
DB_ENV_VAR = "LEADTEMP_DB"
#: ``postgresql://...``, ``sqlite://...``: a database address rather than a file.
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


CONFIG_ENV_VAR = "LEADTEMP_CONFIG_DIR"


def config_dir() -> Path:
    """Where the user's own rule files live: ``$LEADTEMP_CONFIG_DIR``, else the user config folder."""
    override = os.environ.get(CONFIG_ENV_VAR)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """``$LEADTEMP_DB`` if set, else ``leadtemp.db`` in the user data folder."""
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return _local_path(override, DB_ENV_VAR)
    return data_dir() / DB_FILE_NAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--db`` wins over the environment, which wins over the default.

    A database address (``postgresql://...``) is refused rather than taken for a folder name.
    """
    if cli_value:
        return _local_path(os.fspath(cli_value), "--db")
    return default_db_path()


def book_name(path: Path) -> str:
    """What a window calls its book: the file's name, or the database's on a server."""
    if is_server_address(path):
        return ServerAddress.parse(str(path)).database
    return path.name


def book_location(path: Path) -> str:
    """Where a window says its book is: the file's path, or the server's address as messages
    give it (no options, never a password)."""
    if is_server_address(path):
        return str(ServerAddress.parse(str(path)))
    return str(path)


def _local_path(value: str, given_as: str) -> Path:
    """A file's path, or a PostgreSQL server's address as a book's path (see
    ``leadtemp.server_address``)."""
    if is_server_address(value):
        return as_path(ServerAddress.parse(value))
    if _URL.match(value):
        scheme = value.split(":", 1)[0]
        # The address itself is not repeated: it may hold a password.
        raise DatabaseError(
            f"{given_as} names a {scheme} database, which LeadTemp does not open; "
            "give the path of a LeadTemp file or a postgresql:// address"
        )
    return Path(value).expanduser()
