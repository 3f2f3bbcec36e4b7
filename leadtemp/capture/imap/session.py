"""A logged-in IMAP session over verified TLS, and the folders it reads (the Sent folder added by
its RFC 6154 ``\\Sent`` flag, so the user's own mail is read too)."""

from __future__ import annotations

import imaplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from imapclient import IMAPClient  # type: ignore[import-untyped]
from imapclient.exceptions import LoginError  # type: ignore[import-untyped]

from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.capture.imap.errors import MailboxError, connection_error, login_error, oauth_only

#: Seconds to wait for the server to connect or answer before giving up with a message.
DEFAULT_TIMEOUT = 30.0
_SENT_FLAG = b"\\Sent"


#: Where Linux distributions keep their bundle of trusted authorities (Debian and Ubuntu, Fedora and
#: RHEL, openSUSE, Alpine and Arch): the frozen app's OpenSSL may look elsewhere by default.
SYSTEM_CA_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
)


def tls_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """Certificate and host name checked against the system's authorities, or only ``ca_file``'s."""
    if ca_file is None:
        context = ssl.create_default_context()
        if not context.cert_store_stats()["x509_ca"]:
            bundle = next((path for path in SYSTEM_CA_BUNDLES if Path(path).is_file()), None)
            if bundle is not None:
                context.load_verify_locations(cafile=bundle)
        return context
    try:
        return ssl.create_default_context(cafile=str(ca_file))
    except FileNotFoundError:
        raise MailboxError(f"--ca {ca_file}: no such file") from None
    except (ssl.SSLError, OSError, ValueError) as error:
        raise MailboxError(f"--ca {ca_file}: not a PEM certificate file ({error})") from None


@contextmanager
def open_session(
    address: MailboxAddress,
    password: str,
    *,
    ca_file: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[IMAPClient]:
    """A logged-in client, logged out (or dropped) on leaving; every failure a :class:`MailboxError`."""
    if address.refusing_app_passwords():
        raise oauth_only(address)
    context = tls_context(ca_file)
    try:
        client = IMAPClient(address.host, port=address.port, ssl=True, ssl_context=context, timeout=timeout)
    except (OSError, imaplib.IMAP4.error, EOFError) as error:
        raise connection_error(error, address, timeout) from None
    try:
        _login(client, address, password)
        yield client
    except (OSError, imaplib.IMAP4.abort, EOFError) as error:
        raise connection_error(error, address, timeout) from None
    finally:
        _close(client)


def _login(client: IMAPClient, address: MailboxAddress, password: str) -> None:
    try:
        client.login(address.user, password)
    except LoginError as error:
        said = _server_text(error)
        if "xoauth" in said.lower() or "basicauthblocked" in said.lower().replace(" ", ""):
            raise oauth_only(address) from None
        raise login_error(address, said) from None
    except imaplib.IMAP4.error as error:
        if b"LOGINDISABLED" in client.capabilities():
            raise MailboxError(f"{address.host} refuses password logins (LOGINDISABLED)") from None
        raise login_error(address, _server_text(error)) from None


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except (OSError, imaplib.IMAP4.error, EOFError):
        with suppress(OSError, imaplib.IMAP4.error, EOFError):
            client.shutdown()


def folders_to_read(client: IMAPClient, address: MailboxAddress) -> list[str]:
    """The folders asked for, each checked to exist, and the Sent folder: first, so the user's own
    messages are known before the answers to them (a reply, not an inquiry)."""
    listed = client.list_folders()
    names = [str(name) for _flags, _delimiter, name in listed]
    inbox = next((name for name in names if name.upper() == "INBOX"), None)
    chosen: list[str] = []
    for wanted in address.folders:
        name = wanted if wanted in names else inbox if wanted.upper() == "INBOX" else None  # RFC 3501 5.1
        if name is None:
            raise MailboxError(
                f'no folder "{wanted}" in {address.user}\'s mailbox on {address.host}; its folders: '
                + ", ".join(sorted(names)[:12])
                + (" ..." if len(names) > 12 else "")
            )
        if name not in chosen:
            chosen.append(name)
    sent = next((str(name) for flags, _delimiter, name in listed if _SENT_FLAG in flags), None)
    if sent is None:
        return chosen
    return [sent, *(name for name in chosen if name != sent)]


def _server_text(error: BaseException) -> str:
    text = str(error)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text.strip()
