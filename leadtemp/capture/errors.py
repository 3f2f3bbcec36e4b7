"""The errors a capture source raises when a whole file cannot be read."""

from __future__ import annotations

from leadtemp.errors import ValidationError


class CaptureFileError(ValidationError):
    """The file is not a source capture can read; ``str(error)`` is one line for the user."""


class MappingNeeded(CaptureFileError):
    """A CSV export was read, but its columns match no preset: ``columns`` lists the header so
    the window can ask which column is which (the command line asks for ``--map``)."""

    def __init__(self, message: str, columns: list[str]) -> None:
        super().__init__(message)
        self.columns = list(columns)
