"""Errors the core raises on purpose; each carries a one-line message fit for a user."""


class LeadTempError(Exception):
    """Base class: anything a front end can show as-is instead of a traceback."""


class ValidationError(LeadTempError, ValueError):
    """Input refused before anything was written."""


class NotFoundError(LeadTempError, LookupError):
    """A contact, interaction or backup that does not exist."""


class DatabaseError(LeadTempError):
    """A database file that cannot be opened or used (damaged, newer schema, locked, full)."""


class ServerUnreachable(DatabaseError):
    """A server book's server does not answer (down, or the network between is): nothing was
    changed, and the same action may work once it answers again."""

    def __init__(self, message: str, host: str) -> None:
        super().__init__(message)
        self.host = host
