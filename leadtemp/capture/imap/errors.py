"""What went wrong with a mailbox, in one line a user can act on (never a traceback or errno)."""

from __future__ import annotations

import imaplib
import socket
import ssl

from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.errors import LeadTempError

# OpenSSL's verification results (X509_V_ERR_*) that mean "nobody we trust vouches for this server".
_UNTRUSTED_CODES = {2, 18, 19, 20, 21, 27}
_EXPIRED_CODE = 10
_NOT_YET_VALID_CODE = 9
_HOST_MISMATCH_CODES = {62, 64}  # a host name, or an IP address, the certificate does not name

OAUTH_ONLY = (
    "{host} takes only OAuth sign-in (Microsoft 365 and Outlook.com refuse app passwords), which "
    "LeadTemp does not support yet; export the mailbox instead (Outlook: File > Open & Export > "
    "Import/Export > Export to a file, or Thunderbird's ImportExportTools NG for .mbox) and run "
    "`leadtemp capture FILE`"
)


class MailboxError(LeadTempError):
    """A mailbox that cannot be read; nothing was logged."""


class LoginRefused(MailboxError):
    """The server turned the user name or password down."""


def oauth_only(address: MailboxAddress) -> MailboxError:
    return MailboxError(OAUTH_ONLY.format(host=address.host))


def connection_error(error: BaseException, address: MailboxAddress, timeout: float) -> MailboxError:
    """The one-line reason a connection to ``address`` failed or broke off."""
    where = f"{address.host}:{address.port}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return _certificate_error(error, address)
    if isinstance(error, ssl.SSLError):
        reason = (error.reason or "").lower().replace("_", " ")
        if "wrong version" in reason or "unknown protocol" in reason or "record layer" in reason:
            return MailboxError(
                f"{where} does not speak TLS: use the IMAP over TLS port (usually 993), not the plain one"
            )
        return MailboxError(f"TLS with {where} failed: {error.reason or error}")
    if isinstance(error, socket.gaierror):
        return MailboxError(f"cannot reach {address.host}: no such host (check the name and the network)")
    if isinstance(error, ConnectionRefusedError):
        return MailboxError(f"{where} refused the connection: no IMAP server listens on port {address.port}")
    if isinstance(error, TimeoutError | socket.timeout):
        return MailboxError(f"{where} did not answer within {timeout:g} s (is the host and port right?)")
    if isinstance(error, imaplib.IMAP4.abort | ConnectionError | EOFError):
        return MailboxError(f"the connection to {where} broke off ({_detail(error)}); nothing was logged")
    if isinstance(error, OSError):
        return MailboxError(f"cannot reach {where}: {error.strerror or _detail(error)}")
    return MailboxError(f"{where}: {_detail(error)}")


def login_error(address: MailboxAddress, server_said: str) -> LoginRefused:
    said = f" (the server said: {server_said})" if server_said else ""
    return LoginRefused(
        f"{address.host} refused the login for {address.user}: wrong user name or password{said}; "
        "providers such as Gmail, iCloud, Fastmail and Yahoo need an app password"
    )


def _certificate_error(error: ssl.SSLCertVerificationError, address: MailboxAddress) -> MailboxError:
    host = address.host
    code = error.verify_code
    if code in _HOST_MISMATCH_CODES:
        return MailboxError(
            f"the certificate of {host}:{address.port} is for another host, not {host}: check the "
            "host name (the certificate names the right one), or someone is in between"
        )
    if code == _EXPIRED_CODE:
        return MailboxError(
            f"the certificate of {host} has expired: the server's administrator must renew it"
        )
    if code == _NOT_YET_VALID_CODE:
        return MailboxError(
            f"the certificate of {host} is not valid yet: check this computer's date and time"
        )
    if code in _UNTRUSTED_CODES:
        return MailboxError(
            f"the certificate of {host} is not trusted (self-signed or from an unknown authority); "
            "for a private server pass its certificate authority with --ca FILE"
        )
    return MailboxError(f"the certificate of {host} was refused: {error.verify_message or error.reason}")


def _detail(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
