"""The books opened lately (File > Open Recent), newest first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from leadtemp.server_address import ServerAddress, is_server_address

RECENT_KEY = "books/recent"
MAX_RECENT = 8


def _stored() -> list[str]:
    """The remembered paths (an INI file gives a single one back as a plain string)."""
    stored = QSettings().value(RECENT_KEY, [])
    if isinstance(stored, str):
        return [stored] if stored else []
    if isinstance(stored, list):
        return [text for text in stored if isinstance(text, str) and text]
    return []


def _still_there(text: str) -> bool:
    """A file that still exists, or a server's address (whether it answers is asked on opening)."""
    return is_server_address(text) or Path(text).exists()


def recent_books() -> list[Path]:
    """The books opened lately, newest first, those that still exist."""
    return [Path(text) for text in _stored() if _still_there(text)]


def recent_label(path: Path) -> str:
    """What Open Recent shows: the file's name, or the server book's address (never a password:
    an address cannot hold one)."""
    return str(ServerAddress.parse(str(path))) if is_server_address(path) else path.name


def remember_book(path: Path) -> None:
    """``path`` at the top of the recent books (once); books since deleted make way. A server
    book is kept as its address with its TLS options."""
    if is_server_address(path):
        resolved = ServerAddress.parse(str(path)).uri()
    else:
        resolved = str(path.expanduser().resolve())
    kept = [resolved, *(text for text in _stored() if text != resolved and _still_there(text))]
    QSettings().setValue(RECENT_KEY, kept[:MAX_RECENT])
