"""The import wizard, driven page by page: mapping preview, duplicate review, background import,
cancel, undo; plus dropping files on the window and the export dialog."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt, QThreadPool, QUrl
from PySide6.QtWidgets import QAbstractItemView, QWidget, QWizard
from pytestqt.qtbot import QtBot

import desktop.importing.wizard as wizard_module
from desktop.dialogs.export_dialog import ExportDialog
from desktop.importing.file_drop import accepts_drop, wizard_for_dropped_urls
from desktop.importing.wizard import (
    FILE_PAGE,
    MAPPING_PAGE,
    PROGRESS_PAGE,
    REVIEW_PAGE,
    SUMMARY_PAGE,
    ImportWizard,
)
from desktop.window.main_window import MainWindow
from leadtemp.exporting.csv_export import export_csv
from leadtemp.importing import commit as commit_module
from leadtemp.importing.read import ImportFileError
from leadtemp.model import Temperature
from leadtemp.service import BoardReset, Change, LeadService
from tests.leadtemp.importing.sample_paths import REAL_WORLD, SAMPLES

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]

LEADS = (
    "name,email,company\n"
    "Dana Lee,dana@example.com,Acme\n"
    "Sam Ortiz,sam@example.com,Globex\n"
    "Ana Silva,,Initech\n"
)


def _csv(tmp_path: Path, text: str = LEADS, name: str = "leads.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _wizard(qtbot: QtBot, service: LeadService, path: Path | None = None) -> ImportWizard:
    wizard = ImportWizard(service, str(path) if path else None)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_mapping(qtbot: QtBot, wizard: ImportWizard) -> None:
    """Next from the first page, then wait for the file read in the background."""
    wizard.next()
    assert wizard.currentId() == MAPPING_PAGE
    _read(qtbot, wizard)


def _read(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.mapping_page.busy, timeout=10_000)


def _to_review(qtbot: QtBot, wizard: ImportWizard) -> None:
    _to_mapping(qtbot, wizard)
    _next_to_review(qtbot, wizard)


def _next_to_review(qtbot: QtBot, wizard: ImportWizard) -> None:
    """Next from the mapping page, then wait for the duplicate check made in the background."""
    wizard.next()
    assert wizard.currentId() == REVIEW_PAGE
    qtbot.waitUntil(lambda: not wizard.review_page.busy, timeout=10_000)


def _import(qtbot: QtBot, wizard: ImportWizard) -> None:
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_PAGE, timeout=10_000)


def _table(table: Any, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _column(view: QAbstractItemView, column: int) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_imports_new_rows_and_skips_duplicates(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", company="Acme")
    events: list[Change | BoardReset] = []
    service.subscribe(events.append)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    assert wizard.currentId() == FILE_PAGE
    _to_mapping(qtbot, wizard)
    mapping = wizard.mapping_page
    assert _table(mapping.preview_table, 0) == ["Dana Lee", "Sam Ortiz", "Ana Silva"]
    assert mapping.status.text() == "3 contacts found (utf-8)."
    _next_to_review(qtbot, wizard)
    review = wizard.review_page
    assert _column(review.table, 2) == ["duplicate: same e-mail address as #1 Dana Lee", "new", "new"]
    assert [review.action(i) for i in range(3)] == ["skip", "import", "import"]
    assert review.counts.text() == "2 new, 0 to update, 1 skipped, 0 invalid"
    review.source_combo.setCurrentText("networking event")
    _import(qtbot, wizard)
    assert wizard.summary_page.label.text() == (
        "2 new contacts, 0 updated, 1 duplicates skipped, 0 invalid rows. This is import #1."
    )
    assert [(c.name, c.source) for c in service.contacts()] == [
        ("Dana Lee", ""),
        ("Sam Ortiz", "networking event"),
        ("Ana Silva", "networking event"),
    ]
    assert [type(e) for e in events] == [BoardReset]
    wizard.accept()

    again = _wizard(qtbot, service, _csv(tmp_path))
    _to_review(qtbot, again)
    assert {again.review_page.action(i) for i in range(3)} == {"skip"}
    _import(qtbot, again)
    assert len(service.contacts()) == 3
    assert again.summary_page.undo_button.isHidden()


def test_per_row_actions_are_applied(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee", email="dana@example.com")
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    _to_review(qtbot, wizard)
    review = wizard.review_page
    assert review.action(0) == "update"
    review.set_action(0, "import")
    review.set_action(2, "skip")
    assert review.counts.text() == "2 new, 0 to update, 1 skipped, 0 invalid"
    with pytest.raises(ValueError):
        review.set_action(1, "update")
    _import(qtbot, wizard)
    assert [c.name for c in service.contacts()] == ["Dana Lee", "Dana Lee", "Sam Ortiz"]
    assert service.contact(1).company == ""


def test_mapping_page_previews_the_chosen_columns(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    path = _csv(tmp_path, "Who,Mailbox,Firm,Shoe\nDana Lee,dana@example.com,Acme,42\n", "odd.csv")
    wizard = _wizard(qtbot, service, path)
    _to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert not page.isComplete()
    assert "no column for names or e-mail addresses" in page.status.text()
    assert _table(page.columns_table, 0) == ["Who", "Mailbox", "Firm", "Shoe"]
    page.set_mapping({"Who": "name", "Mailbox": "email"})
    _read(qtbot, wizard)
    assert page.isComplete()
    assert [page.preview_table.item(0, c).text() for c in (0, 1, 3, 6)] == [
        "Dana Lee",
        "dana@example.com",
        "",
        "Firm: Acme ⏎ Shoe: 42",
    ]
    page.set_mapping({"Firm": "company"})
    page.notes_box.setChecked(False)
    _read(qtbot, wizard)
    assert [page.preview_table.item(0, c).text() for c in (3, 6)] == ["Acme", ""]
    _next_to_review(qtbot, wizard)
    _import(qtbot, wizard)
    (dana,) = service.contacts()
    assert (dana.name, dana.email, dana.company, dana.notes) == ("Dana Lee", "dana@example.com", "Acme", "")


def test_preset_selector_and_vcards(qtbot: QtBot, service: LeadService) -> None:
    wizard = _wizard(qtbot, service, SAMPLES / "linkedin_connections.csv")
    _to_mapping(qtbot, wizard)
    page = wizard.mapping_page
    assert _table(page.preview_table, 0) == ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
    page.set_preset("outlook")
    _read(qtbot, wizard)
    assert page.isComplete() and page.preview_table.item(0, 4).text() == ""
    assert page._combo(5).currentData() == ""
    page.set_preset("linkedin")
    _read(qtbot, wizard)
    assert page.preview_table.item(0, 4).text() == "Chief Mathematician"
    assert page.preview_table.item(0, 5).text() == "https://www.linkedin.com/in/ada-example"
    assert page._combo(5).currentData() == "role"

    cards = _wizard(qtbot, service, REAL_WORLD / "ezvcard-google-contacts-3.0-list.vcf")
    _to_mapping(qtbot, cards)
    assert cards.mapping_page.columns_table.isHidden()
    assert _table(cards.mapping_page.preview_table, 0) == ["Arnold Smith", "Chris Beatle", "Doug White"]
    _next_to_review(qtbot, cards)
    _import(qtbot, cards)
    assert len(service.contacts()) == 3


def test_unusable_files_stay_on_the_first_page(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    image = tmp_path / "photo.csv"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    wizard = _wizard(qtbot, service, image)
    wizard.next()
    assert wizard.currentId() == FILE_PAGE
    assert "is a PNG image" in wizard.file_page.message.text()
    backup = tmp_path / "book.json"
    backup.write_text('{"format": "leadtemp-export", "version": 1}', encoding="utf-8")
    wizard.file_page.path_edit.setText(str(backup))
    wizard.next()
    assert wizard.currentId() == FILE_PAGE
    assert "JSON export" in wizard.file_page.message.text()
    wizard.file_page.path_edit.setText(str(tmp_path / "missing.csv"))
    assert not wizard.file_page.isComplete()


def _gate_after_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold the background import after its first chunk until the wizard asks to cancel."""
    monkeypatch.setattr(commit_module, "CHUNK", 1)
    real = wizard_module.commit_import

    def gated(service: LeadService, preview: Any, decisions: Any, **options: Any) -> Any:
        progress, cancel = options["progress"], options["cancel"]

        def hold(done: int, total: int) -> None:
            progress(done, total)
            for _ in range(1000):
                if cancel():
                    return
                time.sleep(0.01)

        return real(service, preview, decisions, **{**options, "progress": hold})

    monkeypatch.setattr(wizard_module, "commit_import", gated)


def test_cancel_leaves_nothing(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gate_after_first_chunk(monkeypatch)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    _to_review(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == PROGRESS_PAGE
    page = wizard.progress_page
    qtbot.waitUntil(lambda: page.bar.value() == 1, timeout=10_000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == SUMMARY_PAGE, timeout=10_000)
    assert wizard.summary_page.title() == "Import cancelled"
    assert service.contacts() == []
    assert service.store.conn.execute("SELECT count(*) FROM import_batches").fetchone() == (0,)


def test_closing_during_the_import_rolls_it_back(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _gate_after_first_chunk(monkeypatch)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    _to_review(qtbot, wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.progress_page.bar.value() == 1, timeout=10_000)
    wizard.reject()
    assert not wizard.isVisible()
    assert service.contacts() == []


def test_undo_from_the_summary(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    wizard = ImportWizard(service, parent)
    assert wizard.parent() is parent
    wizard.show()
    wizard.file_page.path_edit.setText(str(_csv(tmp_path)))
    _to_review(qtbot, wizard)
    _import(qtbot, wizard)
    assert len(service.contacts()) == 3
    qtbot.mouseClick(wizard.summary_page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.summary_page.busy, timeout=10_000)
    assert service.contacts() == []
    assert wizard.summary_page.label.text().startswith("Undid import #1 (leads.csv): removed 3 contacts")


def test_dropped_files(tmp_path: Path) -> None:
    csv_path = _csv(tmp_path)
    card = tmp_path / "card.VCF"
    card.write_text("BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("hello", encoding="utf-8")
    assert wizard_for_dropped_urls([QUrl.fromLocalFile(str(note)), QUrl.fromLocalFile(str(csv_path))]) == str(
        csv_path
    )
    assert wizard_for_dropped_urls([str(card)]) == str(card)
    assert wizard_for_dropped_urls([QUrl("https://example.com/leads.csv")]) is None
    assert wizard_for_dropped_urls([QUrl.fromLocalFile(str(tmp_path / "gone.csv"))]) is None
    assert wizard_for_dropped_urls([]) is None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(note))])
    assert not accepts_drop(mime)
    mime.setUrls([QUrl.fromLocalFile(str(card))])
    assert accepts_drop(mime)


def test_export_dialog_writes_each_format(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    for name in ("Dana Lee", "Sam Ortiz", "Ana Silva"):
        service.add_contact(name, email=f"{name.split()[0].lower()}@example.com")
    dialog = ExportDialog(service, selected_ids=[2])
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "all.csv"))
    assert dialog.export() == 3
    assert (tmp_path / "all.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    dialog = ExportDialog(service, selected_ids=[2])
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "some.csv"))
    dialog.set_format("vcard")
    assert dialog.path_edit.text() == str(tmp_path / "some.vcf")
    assert dialog.selected_only.isEnabled() and dialog.selected_only.isChecked()
    assert dialog.export() == 1
    assert b"FN:Sam Ortiz" in (tmp_path / "some.vcf").read_bytes()

    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_format("json")
    dialog.path_edit.setText(str(tmp_path / "missing" / "book.json"))
    assert dialog.export() is None
    assert "does not exist" in dialog.message.text()
    dialog.path_edit.setText(str(tmp_path / "book.json"))
    assert dialog.export() == 3 and dialog.exported == 3


def _checking(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[ImportWizard, threading.Event]:
    """A wizard on the review page whose background check is held until the returned event is
    set (or the wizard cancels it)."""
    release = threading.Event()
    real = wizard_module.preview_import

    def gated(*args: Any, **options: Any) -> Any:
        cancel = options["cancel"]
        while not release.is_set() and not cancel():
            time.sleep(0.01)
        return real(*args, **options)

    monkeypatch.setattr(wizard_module, "preview_import", gated)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    _to_mapping(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == REVIEW_PAGE
    assert wizard.review_page.busy
    return wizard, release


def test_duplicates_are_looked_for_in_the_background(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard, release = _checking(qtbot, service, tmp_path, monkeypatch)
    review = wizard.review_page
    assert review.checking.isVisible()
    assert not review.isComplete() and not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert review.model.rowCount() == 0
    release.set()
    qtbot.waitUntil(lambda: not review.busy, timeout=10_000)
    assert review.isComplete() and wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert review.model.rowCount() == 3
    assert review.counts.text() == "3 new, 0 to update, 0 skipped, 0 invalid"


def test_going_back_during_the_check_drops_it(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard, release = _checking(qtbot, service, tmp_path, monkeypatch)
    wizard.back()
    assert wizard.currentId() == MAPPING_PAGE
    wizard.mapping_page.set_mapping({"company": "ignore"})
    _read(qtbot, wizard)
    release.set()
    _next_to_review(qtbot, wizard)
    assert wizard.preview is not None
    assert [row.fields["company"] for row in wizard.preview.rows] == ["", "", ""]
    assert wizard.review_page.model.rowCount() == 3


def test_closing_during_the_check_stops_it(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard, _ = _checking(qtbot, service, tmp_path, monkeypatch)
    wizard.reject()
    assert not wizard.isVisible()
    assert wizard.preview is None


def test_a_preview_that_fails_says_why(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(*_args: Any, **_options: Any) -> Any:
        raise ImportFileError("leads.csv cannot be read: input/output error.")

    monkeypatch.setattr(wizard_module, "preview_import", unreadable)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    _to_review(qtbot, wizard)
    review = wizard.review_page
    assert review.failure.text() == "leads.csv cannot be read: input/output error."
    assert not review.isComplete() and wizard.preview is None


def test_the_review_matches_the_rows_the_mapping_page_showed(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    path = _csv(tmp_path)
    wizard = _wizard(qtbot, service, path)
    _to_mapping(qtbot, wizard)
    path.write_text("name,email\nSomeone Else,else@example.com\n", encoding="utf-8")
    _next_to_review(qtbot, wizard)
    assert _column(wizard.review_page.table, 1) == ["Dana Lee", "Sam Ortiz", "Ana Silva"]


def _held_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[str | None], threading.Event]:
    """Hold every background read of the file until the first event is set or the read is
    cancelled; the list gets each finished read's preset, the second event is set once a read
    has begun."""
    release, begun = threading.Event(), threading.Event()
    presets: list[str | None] = []
    real = wizard_module.parse_file

    def held(path: Any, format: Any, preset: Any, *args: Any, **options: Any) -> Any:
        begun.set()
        cancel = options["cancel"]
        while not release.is_set() and not cancel():
            time.sleep(0.01)
        presets.append(preset)
        return real(path, format, preset, *args, **options)

    monkeypatch.setattr(wizard_module, "parse_file", held)
    return release, presets, begun


def test_the_file_is_read_in_the_background(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, presets, _ = _held_reads(monkeypatch)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    wizard.next()
    page = wizard.mapping_page
    assert wizard.currentId() == MAPPING_PAGE
    assert page.busy and page.status.text() == "Reading the file…"
    assert not page.isComplete() and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # A choice made while the file is read asks again; only the newest answer is shown.
    page.set_preset("generic")
    release.set()
    _read(qtbot, wizard)
    assert presets[-1] == "generic"
    assert page.isComplete() and wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert page.status.text() == "3 contacts found (utf-8)."
    assert _table(page.preview_table, 0) == ["Dana Lee", "Sam Ortiz", "Ana Silva"]


def test_going_back_while_the_file_is_read_drops_the_read(
    qtbot: QtBot, service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, presets, begun = _held_reads(monkeypatch)
    wizard = _wizard(qtbot, service, _csv(tmp_path))
    wizard.next()
    assert wizard.mapping_page.busy and begun.wait(10)
    wizard.back()
    assert wizard.currentId() == FILE_PAGE and not wizard.mapping_page.busy
    # The read held on the worker hears it is no longer wanted and ends without being released.
    qtbot.waitUntil(lambda: presets == [None], timeout=10_000)
    other = _csv(tmp_path, "name,email\nZoë Müller,zoe@example.de\n", "other.csv")
    wizard.file_page.path_edit.setText(str(other))
    release.set()
    _to_mapping(qtbot, wizard)
    assert wizard.mapping_page.status.text() == "1 contact found (utf-8)."
    assert _table(wizard.mapping_page.preview_table, 0) == ["Zoë Müller"]


def test_leadtemps_own_export_imports_field_for_field(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", company="=Acme", notes="=SUM(1)+2")
    path = tmp_path / "export.csv"
    export_csv(service, path)
    fresh = LeadService.open(tmp_path / "fresh.db")
    try:
        wizard = _wizard(qtbot, fresh, path)
        _to_review(qtbot, wizard)
        _import(qtbot, wizard)
        (dana,) = fresh.contacts()
        assert (dana.name, dana.email, dana.company, dana.notes) == (
            "Dana Lee",
            "dana@example.com",
            "=Acme",
            "=SUM(1)+2",
        )
    finally:
        fresh.close()


def test_the_mapping_page_says_how_many_rows_will_be_skipped(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, service, SAMPLES / "salesforce_report.csv")
    _to_mapping(qtbot, wizard)
    assert wizard.mapping_page.status.text() == (
        "2 contacts found (utf-8); 3 rows will be skipped (the next page says why)."
    )
    _next_to_review(qtbot, wizard)
    assert wizard.review_page.counts.text() == "2 new, 0 to update, 0 skipped, 3 invalid"


def test_possible_duplicates_are_counted_apart_and_imported(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", company="Acme")
    text = (
        "name,email,phone,company\n"
        "Dana Lee,dana.lee@gmail.example,,Acme\n"
        "Sam Ortiz,sam@a.example,+1 415 555 0100,\n"
        "Ana Silva,ana@a.example,+1 415 555 0100,\n"
    )
    wizard = _wizard(qtbot, service, _csv(tmp_path, text))
    _to_review(qtbot, wizard)
    review = wizard.review_page
    assert _column(review.table, 2) == [
        "possible duplicate: same name and company as #1 Dana Lee, but a different e-mail address",
        "new",
        "new",
    ]
    assert review.counts.text() == "3 new (1 possible duplicates), 0 to update, 0 skipped, 0 invalid"
    _import(qtbot, wizard)
    assert wizard.summary_page.label.text() == (
        "3 new contacts (1 possible duplicates), 0 updated, 0 duplicates skipped, 0 invalid rows. "
        "This is import #1."
    )
    assert [c.name for c in service.contacts()] == ["Dana Lee", "Dana Lee", "Sam Ortiz", "Ana Silva"]
    wizard.accept()


def test_every_possible_duplicate_can_be_set_at_once(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    service.add_contact("Dana Lee", email="dana@example.com", company="Acme")
    service.add_contact("Sam Ortiz", email="sam@example.com", company="Globex")
    text = (
        "name,email,phone,company\n"
        "Dana Lee,dana.lee@gmail.example,,Acme\n"
        "Sam Ortiz,sam.ortiz@gmail.example,,Globex\n"
        "Ana Silva,ana@a.example,,Initech\n"
    )
    wizard = _wizard(qtbot, service, _csv(tmp_path, text))
    _to_review(qtbot, wizard)
    review = wizard.review_page
    assert review.all_duplicates.isHidden() and not review.all_possible.isHidden()
    combo = review.all_possible
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Set every possible duplicate to…",
        "import",
        "update (fill empty fields)",
        "update (replace fields)",
        "skip",
    ]
    combo.setCurrentIndex(combo.findData("skip"))
    combo.activated.emit(combo.currentIndex())
    assert [review.action(i) for i in range(3)] == ["skip", "skip", "import"]
    assert combo.currentIndex() == 0
    assert review.counts.text() == "1 new, 0 to update, 2 skipped, 0 invalid"
    _import(qtbot, wizard)
    assert [c.name for c in service.contacts()] == ["Dana Lee", "Sam Ortiz", "Ana Silva"]
    wizard.accept()


def test_the_window_s_wizard_reads_imports_and_undoes_on_the_window_s_queue(
    qtbot: QtBot, window: MainWindow, service: LeadService, tmp_path: Path
) -> None:
    """One queue for the application: the wizard starts no thread pool of its own, the undo of
    an import runs there too (not on the UI thread), and the board hears of each write once."""
    labels: list[str] = []
    window.workers.taskStarted.connect(lambda task: labels.append(task.label))
    reloads: list[int] = []
    window.board_model.reloaded.connect(lambda: reloads.append(1))
    before = len(service.contacts())
    on_board = sum(window.board_model.total(t) for t in Temperature)
    window.open_import_wizard(str(_csv(tmp_path)))
    wizard = window.active_dialog
    assert isinstance(wizard, ImportWizard)
    assert wizard.findChildren(QThreadPool) == []
    _to_review(qtbot, wizard)
    _import(qtbot, wizard)
    qtbot.waitUntil(lambda: len(reloads) == 1 and not window.workers.busy, timeout=10_000)
    assert sum(window.board_model.total(t) for t in Temperature) == on_board + 3
    undo_thread: list[object] = []
    real_undo = wizard_module.undo_import

    def undo_on(service: LeadService, batch_id: int) -> object:
        undo_thread.append(threading.current_thread())
        return real_undo(service, batch_id)

    wizard_module.undo_import = undo_on  # type: ignore[assignment]
    try:
        qtbot.mouseClick(wizard.summary_page.undo_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.summary_page.busy, timeout=10_000)
    finally:
        wizard_module.undo_import = real_undo
    assert undo_thread and undo_thread[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: len(reloads) == 2 and not window.workers.busy, timeout=10_000)
    assert len(service.contacts()) == before
    assert sum(window.board_model.total(t) for t in Temperature) == on_board
    assert labels[:2] == ["Reading the file…", "Looking for duplicates…"]
    assert "Importing…" in labels and labels[-2:] == ["Undoing the import…", "Loading leads…"]


def test_closing_the_window_s_wizard_during_the_check_stops_it_and_frees_the_queue(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the shared queue a held duplicate check would hold up the window's own work: closing
    the wizard stops it, and the queue goes on with the board."""
    started, stopped = threading.Event(), threading.Event()
    real = wizard_module.preview_import

    def held(*args: Any, **options: Any) -> Any:
        started.set()
        while not options["cancel"]():
            time.sleep(0.01)
        stopped.set()
        return real(*args, **options)

    monkeypatch.setattr(wizard_module, "preview_import", held)
    window.open_import_wizard(str(_csv(tmp_path)))
    wizard = window.active_dialog
    assert isinstance(wizard, ImportWizard)
    _to_mapping(qtbot, wizard)
    wizard.next()
    assert wizard.review_page.busy and window.workers.busy
    qtbot.waitUntil(started.is_set, timeout=10_000)
    wizard.reject()
    assert stopped.is_set() and not wizard.isVisible()
    qtbot.waitUntil(lambda: not window.workers.busy, timeout=10_000)
    with qtbot.waitSignal(window.boardLoaded, timeout=10_000):
        window.reload_board()
