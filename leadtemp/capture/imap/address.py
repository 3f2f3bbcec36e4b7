"""Where a mailbox is: ``imaps://USER@HOST[:PORT]/FOLDER[,FOLDER]`` parsed into its parts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from leadtemp.errors import ValidationError

IMAPS_PORT = 993
DEFAULT_FOLDER = "INBOX"

#: Hosts that take only OAuth for IMAP (Microsoft turned basic authentication off for Exchange Online
#: and Outlook.com), so an app password can never log in there.
_OAUTH_ONLY_HOSTS = ("outlook.office365.com", "outlook.office.com", "imap-mail.outlook.com")
_OAUTH_ONLY_DOMAINS = (".outlook.com", ".office365.com")


@dataclass(frozen=True)
class MailboxAddress:
    """One account on one server and the folders to read there."""

    user: str
    host: str
    port: int = IMAPS_PORT
    folders: tuple[str, ...] = (DEFAULT_FOLDER,)

    @property
    def account(self) -> str:
        """The account's name in the keychain and in the book's UID state: ``user@host:port``."""
        return f"{self.user}@{self.host}:{self.port}"

    @property
    def url(self) -> str:
        port = "" if self.port == IMAPS_PORT else f":{self.port}"
        return f"imaps://{self.user}@{self.host}{port}/{','.join(self.folders)}"

    def refusing_app_passwords(self) -> bool:
        """Whether the host is one that refuses password logins (Microsoft 365, Outlook.com)."""
        host = self.host.lower().rstrip(".")
        return host in _OAUTH_ONLY_HOSTS or host.endswith(_OAUTH_ONLY_DOMAINS)


def parse_mailbox_url(url: str) -> MailboxAddress:
    """The mailbox ``url`` names; a :class:`ValidationError` saying what is wrong otherwise.

    The user may contain ``@`` (``me@example.com@imap.example.com``, or ``%40``); the password never
    belongs in the address.
    """
    text = url.strip()
    if not text.lower().startswith("imaps://"):
        scheme = text.split("://", 1)[0] if "://" in text else ""
        if scheme.lower() == "imap":
            raise ValidationError(
                f"{text}: plain imap:// is not supported; use imaps:// (IMAP over TLS, usually port 993)"
            )
        raise ValidationError(f"{text}: not a mailbox address; expected imaps://USER@HOST[:PORT]/FOLDER")
    rest = text[len("imaps://") :]
    authority, _, path = rest.partition("/")
    user_part, at, host_part = authority.rpartition("@")
    if not at or not user_part:
        raise ValidationError(f"{text}: the user is missing; expected imaps://USER@HOST[:PORT]/FOLDER")
    if ":" in user_part and "@" not in user_part.split(":", 1)[1]:
        raise ValidationError(  # not repeated back: the line would show the password
            "a password does not belong in the mailbox address; it is kept in the keychain "
            "(or passed with --password-env VAR)"
        )
    try:
        parts = urlsplit(f"//{host_part}")
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ValidationError(f"{text}: the port must be a number from 1 to 65535") from None
    if not host:
        raise ValidationError(f"{text}: the host is missing; expected imaps://USER@HOST[:PORT]/FOLDER")
    if port == 0:
        raise ValidationError(f"{text}: the port must be a number from 1 to 65535")
    folders = tuple(unquote(name).strip() for name in path.split(",") if name.strip())
    return MailboxAddress(
        user=unquote(user_part),
        host=host,
        port=port or IMAPS_PORT,
        folders=folders or (DEFAULT_FOLDER,),
    )
