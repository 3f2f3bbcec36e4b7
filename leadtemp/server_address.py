"""A book's address on a server: ``postgresql://user@host[:port]/database``, verified TLS by default.

Pure: no connection (``leadtemp.store.server`` makes those), so anything that takes a book's path
may ask whether it names a server."""

from __future__ import annotations

from dataclasses import dataclass, field
from os import PathLike, fspath
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from leadtemp.errors import DatabaseError

SCHEMES = ("postgresql", "postgres")
#: What an address may say after ``?``: where the server's CA is, and how far TLS is checked.
ALLOWED_OPTIONS = ("sslmode", "sslrootcert")
#: Verification off: still encrypted, but anyone in between may pose as the server.
UNVERIFIED = "require"
VERIFIED = "verify-full"
_MODES = (VERIFIED, "verify-ca", UNVERIFIED)


def is_server_address(value: str | PathLike[str]) -> bool:
    """Whether a book's path names a server: ``postgresql://...``, or the same address as
    ``pathlib`` keeps it (one slash), since the app passes a book around as a ``Path``."""
    text = fspath(value)
    return any(text.startswith(f"{scheme}:/") for scheme in SCHEMES)


def as_path(address: ServerAddress) -> Path:
    """The address as a book's ``Path`` (options included): :meth:`ServerAddress.parse` reads it back."""
    return Path(address.uri())


@dataclass(frozen=True)
class ServerAddress:
    user: str
    host: str
    database: str
    port: int | None = None
    #: ``sslmode`` and ``sslrootcert`` (the CA file, or ``system``: the system's CAs).
    options: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        """The address a user typed; a password in it is refused (it would end up in the shell's
        history and in every message): it belongs in the keychain or an environment variable."""
        scheme, _, rest = text.partition(":")
        if not rest.startswith("//"):
            text = f"{scheme}:/{rest}"
        parts = urlsplit(text)
        if parts.scheme not in SCHEMES:
            raise DatabaseError(f"not a PostgreSQL address (postgresql://user@host/database): {text}")
        if parts.password is not None:
            raise DatabaseError(
                "the address holds a password: leave it out (postgresql://user@host/database) and keep "
                "it in the keychain (`leadtemp server password`) or pass --password-env VAR"
            )
        database = unquote(parts.path.lstrip("/"))
        if not parts.hostname or not parts.username or not database or "/" in database:
            raise DatabaseError(
                f"{parts.scheme}://{parts.netloc}{parts.path}: give the user, the host and the database, "
                "as in postgresql://user@host[:port]/database"
            )
        try:
            port = parts.port
        except ValueError:
            raise DatabaseError(f"{text}: the port is not a number") from None
        options = dict(parse_qsl(parts.query, keep_blank_values=True))
        unknown = sorted(set(options) - set(ALLOWED_OPTIONS))
        if unknown:
            raise DatabaseError(f"{text}: unknown option {unknown[0]} (known: {', '.join(ALLOWED_OPTIONS)})")
        mode = options.get("sslmode", VERIFIED)
        if mode not in _MODES:
            raise DatabaseError(f"{text}: sslmode must be one of {', '.join(_MODES)} (TLS is always on)")
        return cls(unquote(parts.username), parts.hostname, database, port, options)

    def with_options(self, **options: str) -> ServerAddress:
        return ServerAddress(self.user, self.host, self.database, self.port, {**self.options, **options})

    @property
    def verified(self) -> bool:
        return self.options.get("sslmode", VERIFIED) != UNVERIFIED

    @property
    def account(self) -> str:
        """The keychain's name for the password: ``user@host:port/database``."""
        return f"{self.user}@{self.host}:{self.port or 5432}/{self.database}"

    def __str__(self) -> str:
        """The address as shown in messages (no options, never a password)."""
        port = f":{self.port}" if self.port else ""
        return f"postgresql://{self.user}@{self.host}{port}/{self.database}"

    def uri(self) -> str:
        """The full address, options included, to open the same book again."""
        query = "&".join(f"{key}={value}" for key, value in sorted(self.options.items()))
        return f"{self}?{query}" if query else str(self)

    def connect_arguments(self, password: str | None) -> dict[str, str]:
        """libpq's keywords: TLS on, the host's name checked against its certificate unless the
        user turned verification off; the system's CAs unless a CA file is given."""
        mode = self.options.get("sslmode", VERIFIED)
        arguments = {
            "host": self.host,
            "port": str(self.port or 5432),
            "user": self.user,
            "dbname": self.database,
            "sslmode": mode,
            "application_name": "LeadTemp",
            "connect_timeout": "10",
        }
        if mode != UNVERIFIED:
            arguments["sslrootcert"] = self.options.get("sslrootcert", "system")
        if password is not None:
            arguments["password"] = password
        return arguments
