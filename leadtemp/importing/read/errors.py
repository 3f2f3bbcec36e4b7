"""Errors raised when a contact file cannot be imported at all.

Problems with single rows or cards are not errors: they are reported as
:class:`~leadtemp.importing.read.draft.ParseProblem` so the rest of the file still imports.
"""

from __future__ import annotations

from leadtemp.errors import LeadTempError


class ImportFileError(LeadTempError):
    """The whole file cannot be read; ``str(error)`` is a one-line message for the user."""


class ColumnMappingError(ImportFileError):
    """A CSV file was read, but no column could be recognised as a name or e-mail.

    ``columns`` lists the header so the UI can ask the user to choose a mapping.
    """

    def __init__(self, message: str, columns: list[str]) -> None:
        super().__init__(message)
        self.columns = list(columns)


class ImportCancelled(LeadTempError):
    """The user stopped reading, previewing or importing a file; nothing was written."""
