"""Dropping a contact file on the window starts the import wizard with it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl

IMPORTABLE_SUFFIXES = (".csv", ".vcf", ".vcard")


def _local_path(url: QUrl | str) -> str:
    if isinstance(url, str):
        url = QUrl(url) if "://" in url else QUrl.fromLocalFile(url)
    return url.toLocalFile() if url.isLocalFile() else ""


def wizard_for_dropped_urls(urls: Iterable[QUrl | str]) -> str | None:
    """The first dropped local .csv / .vcf / .vcard file, or None when nothing can be imported."""
    for url in urls:
        path = _local_path(url)
        if path and Path(path).suffix.lower() in IMPORTABLE_SUFFIXES and Path(path).is_file():
            return path
    return None


def accepts_drop(mime: QMimeData) -> bool:
    """For dragEnterEvent: whether the drag carries a file the wizard can import."""
    return mime.hasUrls() and wizard_for_dropped_urls(mime.urls()) is not None
