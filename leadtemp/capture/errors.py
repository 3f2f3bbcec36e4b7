"""The error a capture source raises when a whole file cannot be read."""

from __future__ import annotations

from leadtemp.errors import ValidationError


class CaptureFileError(ValidationError):
    """The file is not a source capture can read; ``str(error)`` is one line for the user."""
