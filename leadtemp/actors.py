"""Who is acting on the book: the name each change records, and that a colleague's toast shows.

The name is, first found: the one given for this run (``--as NAME``, ``LEADTEMP_ACTOR``), the
database's own user (a server's role), the book's ``actor.name`` setting, then the name of the
person logged in to the computer. A one-person book never needs to set anything.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

from leadtemp.errors import ValidationError

ACTOR_SETTING = "actor.name"
ACTOR_ENV = "LEADTEMP_ACTOR"
MAX_ACTOR = 80


def clean_actor(name: str) -> str:
    """A display name: one line of 1-80 characters."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationError("a name to record changes under cannot be empty")
    if len(cleaned) > MAX_ACTOR:
        raise ValidationError(f"a name to record changes under has at most {MAX_ACTOR} characters")
    return cleaned


def login_name() -> str:
    """The computer's name for the person using it ('' when the system has none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        return ""


def resolve_actor(
    given: str | None,
    database_user: str | None,
    setting: object,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """The name writes are recorded under (see the module's docstring for the order)."""
    if given:
        return clean_actor(given)
    if environ.get(ACTOR_ENV, "").strip():
        return clean_actor(environ[ACTOR_ENV])
    if database_user:
        return clean_actor(database_user)
    if isinstance(setting, str) and setting.strip():
        return clean_actor(setting)
    return login_name()
