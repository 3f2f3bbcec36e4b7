"""Dropping mail, a calendar or a marketing export on the window opens the capture review.

A CSV goes to the capture only when its header is a known export (LinkedIn's messages, a
newsletter tool's activity); any other CSV is a contact list for the import wizard.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl


def _local_path(url: QUrl | str) -> str:
    if isinstance(url, str):
        url = QUrl(url) if "://" in url else QUrl.fromLocalFile(url)
    return url.toLocalFile() if url.isLocalFile() else ""


def capture_path_for_dropped_urls(urls: Iterable[QUrl | str]) -> str | None:
    """The first dropped local file (or Maildir folder) capture reads, or None."""
    from leadtemp.capture.sources import known_export

    for url in urls:
        path = _local_path(url)
        if path and known_export(Path(path)):
            return path
    return None


def accepts_capture_drop(mime: QMimeData) -> bool:
    """For dragEnterEvent: whether the drag carries a file to capture."""
    return mime.hasUrls() and capture_path_for_dropped_urls(mime.urls()) is not None


#: What File > Capture from File... offers to open.
FILE_FILTER = (
    "Capture sources (*.mbox *.eml *.ics *.csv);;Mail (*.mbox *.eml);;Calendars (*.ics);;"
    "CSV exports (*.csv);;All files (*)"
)
