"""Connecting to a mailbox: TLS verified, the Sent folder found by its flag, and every failure a
user can meet said in one line (against the real dovecot, or a socket that misbehaves on purpose)."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from leadtemp.capture.imap import session
from leadtemp.capture.imap.address import MailboxAddress
from leadtemp.capture.imap.errors import MailboxError
from leadtemp.capture.imap.session import folders_to_read, open_session
from tests.leadtemp.capture.imap.dovecot import PASSWORD, Dovecot, free_port


def failure(address: MailboxAddress, password: str = PASSWORD, **options: object) -> str:
    with pytest.raises(MailboxError) as caught, open_session(address, password, **options):  # type: ignore[arg-type]
        pass
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text and "errno" not in text.lower()
    return text


def test_a_trusted_certificate_logs_in_and_finds_the_sent_folder_by_its_flag(
    dovecot: Dovecot, mailbox: MailboxAddress
) -> None:
    with open_session(mailbox, PASSWORD, ca_file=dovecot.certificate) as client:
        assert folders_to_read(client, mailbox) == ["Sent", "INBOX"]
        assert folders_to_read(client, replace(mailbox, folders=("inbox", "Archive", "Sent"))) == [
            "Sent",
            "INBOX",
            "Archive",
        ]


def test_a_wrong_password_says_so(dovecot: Dovecot, mailbox: MailboxAddress) -> None:
    text = failure(mailbox, "not-the-password", ca_file=dovecot.certificate)
    assert text.startswith("localhost refused the login for dana@example.com: wrong user name or password")
    assert "app password" in text


def test_a_self_signed_certificate_is_not_trusted_without_its_ca(mailbox: MailboxAddress) -> None:
    text = failure(mailbox)
    assert text.startswith("the certificate of localhost is not trusted")
    assert "--ca FILE" in text


def test_a_certificate_for_another_host_is_refused(dovecot: Dovecot, mailbox: MailboxAddress) -> None:
    text = failure(replace(mailbox, host="127.0.0.1"), ca_file=dovecot.certificate)
    assert text.startswith("the certificate of 127.0.0.1:") and "is for another host" in text


def test_a_folder_that_does_not_exist_names_the_ones_there(dovecot: Dovecot, mailbox: MailboxAddress) -> None:
    wanted = replace(mailbox, folders=("INBOX", "Clients"))
    with (
        open_session(wanted, PASSWORD, ca_file=dovecot.certificate) as client,
        pytest.raises(MailboxError) as caught,
    ):
        folders_to_read(client, wanted)
    assert str(caught.value) == (
        'no folder "Clients" in dana@example.com\'s mailbox on localhost; its folders: Archive, INBOX, Sent'
    )


def test_a_missing_ca_file_is_named(tmp_path: Path) -> None:
    mailbox = MailboxAddress("dana", "127.0.0.1", free_port())
    assert failure(mailbox, ca_file=tmp_path / "ca.pem") == f"--ca {tmp_path / 'ca.pem'}: no such file"
    (tmp_path / "junk.pem").write_text("not a certificate")
    assert failure(mailbox, ca_file=tmp_path / "junk.pem").startswith(
        f"--ca {tmp_path / 'junk.pem'}: not a PEM"
    )


def test_a_closed_port_refuses_the_connection() -> None:
    port = free_port()
    text = failure(MailboxAddress("dana", "127.0.0.1", port))
    assert text == f"127.0.0.1:{port} refused the connection: no IMAP server listens on port {port}"


def test_an_unknown_host_cannot_be_reached() -> None:
    text = failure(MailboxAddress("dana", "no-such-host.invalid"))
    assert text.startswith("cannot reach no-such-host.invalid: no such host")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port that accepts connections and then never says a word (or, with ``plain``, speaks
    IMAP without TLS)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(5)
    yield server
    server.close()


def _serve_once(server: socket.socket, greeting: bytes) -> threading.Thread:
    def serve() -> None:
        try:
            peer, _ = server.accept()
        except OSError:
            return
        with peer:
            if greeting:
                peer.sendall(greeting)
            peer.settimeout(3)
            try:
                while peer.recv(4096):
                    pass  # read what the client sends, and answer nothing
            except OSError:
                pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread


def test_a_server_that_does_not_answer_times_out(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    thread = _serve_once(listener, b"")
    text = failure(MailboxAddress("dana", "127.0.0.1", port), timeout=0.3)
    assert text == f"127.0.0.1:{port} did not answer within 0.3 s (is the host and port right?)"
    thread.join(5)


def test_a_plain_imap_port_is_told_apart_from_tls(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    thread = _serve_once(listener, b"* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n")
    text = failure(MailboxAddress("dana", "127.0.0.1", port), timeout=3)
    assert text.startswith(f"127.0.0.1:{port} does not speak TLS: use the IMAP over TLS port (usually 993)")
    thread.join(5)


@pytest.mark.parametrize("host", ["outlook.office365.com", "Outlook.Office365.com", "imap-mail.outlook.com"])
def test_microsoft_365_is_refused_before_connecting_with_how_to_export(
    host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError("connected to a host that refuses app passwords")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    text = failure(MailboxAddress("dana@contoso.com", host))
    assert text.startswith(
        f"{host} takes only OAuth sign-in (Microsoft 365 and Outlook.com refuse app passwords)"
    )
    assert "not support yet" in text and "leadtemp capture FILE" in text


def test_without_ca_paths_of_its_own_tls_reads_the_systems_bundle(
    dovecot: Dovecot, mailbox: MailboxAddress, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A frozen app's OpenSSL may look for authorities where this system keeps none: the bundle
    where the distribution keeps it is read instead."""

    def no_default_paths(*args: object, **kwargs: object) -> ssl.SSLContext:
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    monkeypatch.setattr(ssl, "create_default_context", no_default_paths)
    monkeypatch.setattr(session, "SYSTEM_CA_BUNDLES", (str(tmp_path / "none.crt"), str(dovecot.certificate)))

    assert session.tls_context().cert_store_stats()["x509_ca"] == 1
    with open_session(mailbox, PASSWORD) as client:
        assert "INBOX" in folders_to_read(client, mailbox)
