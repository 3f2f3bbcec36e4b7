"""The folders' UID marks and the window's mailbox live in the book: kept per account and folder,
replaced by a newer check, forgotten on disconnect, and carried whole by the JSON export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.service import LeadService
from tests.conftest import FakeClock

ACCOUNT = "dana@example.com@imap.example.com:993"


def test_marks_are_per_account_and_folder_and_a_later_check_replaces_them(service: LeadService) -> None:
    service.save_mailbox_marks(ACCOUNT, [("INBOX", 11, 40), ("Sent", 12, 9)])
    service.save_mailbox_marks("other@imap.example.com:993", [("INBOX", 99, 3)])
    service.save_mailbox_marks(ACCOUNT, [("INBOX", 11, 52)])

    assert service.mailbox_marks(ACCOUNT) == {"INBOX": (11, 52), "Sent": (12, 9)}
    assert service.mailbox_marks("other@imap.example.com:993") == {"INBOX": (99, 3)}

    service.connect_mailbox("imaps://dana@example.com@imap.example.com/INBOX", every_minutes=10)
    service.disconnect_mailbox(ACCOUNT)
    assert service.connected_mailbox() is None and service.mailbox_marks(ACCOUNT) == {}
    assert service.mailbox_marks("other@imap.example.com:993") == {"INBOX": (99, 3)}


def test_the_json_export_carries_the_marks_and_the_mailbox_but_no_password(
    service: LeadService, clock: FakeClock, tmp_path: Path
) -> None:
    service.save_mailbox_marks(ACCOUNT, [("INBOX", 11, 40), ("Sent", 12, 9)])
    service.connect_mailbox(
        "imaps://dana@example.com@imap.example.com/INBOX",
        every_minutes=15,
        ca_file="/etc/ssl/private-ca.pem",
        since=date(2026, 9, 1),
    )
    exported = tmp_path / "book.json"
    export_json(service, exported)

    restored = LeadService.open(tmp_path / "restored.db", now=clock)
    try:
        import_json(restored, exported)
        assert restored.mailbox_marks(ACCOUNT) == {"INBOX": (11, 40), "Sent": (12, 9)}
        assert restored.connected_mailbox() == {
            "url": "imaps://dana@example.com@imap.example.com/INBOX",
            "every_minutes": 15,
            "ca_file": "/etc/ssl/private-ca.pem",
            "since": "2026-09-01",
        }
        rows = restored.store.conn.execute("SELECT * FROM imap_folders ORDER BY rowid").fetchall()
        assert rows == service.store.conn.execute("SELECT * FROM imap_folders ORDER BY rowid").fetchall()
    finally:
        restored.close()
    assert "password" not in exported.read_text()
