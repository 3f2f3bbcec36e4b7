"""File > Export: an existing file is replaced only when the user says so, and the window says
what was written where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.dialogs.export_dialog import ExportDialog
from desktop.window.main_window import MainWindow
from leadtemp.service import LeadService


def test_an_existing_file_is_replaced_only_after_asking(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    for name in ("Dana Lee", "Sam Ortiz"):
        service.add_contact(name)
    target = tmp_path / "mine.csv"
    target.write_text("my own spreadsheet\n", encoding="utf-8")
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(target))
    assert dialog.export() is None
    assert dialog.replace_box is not None and dialog.replace_box.isVisible()
    assert "mine.csv already exists" in dialog.replace_box.text()
    dialog.replace_box.reject()
    assert target.read_text(encoding="utf-8") == "my own spreadsheet\n"
    assert dialog.exported is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text() == "mine.csv was left as it was."

    assert dialog.export() is None
    dialog.replace_box.accept()
    assert "Dana Lee" in target.read_text(encoding="utf-8-sig")
    assert dialog.exported == 2 and dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.summary() == f"Exported 2 contacts to {target}"


def test_a_new_file_is_written_without_asking(qtbot: QtBot, service: LeadService, tmp_path: Path) -> None:
    service.add_contact("Dana Lee")
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_format("vcard")
    dialog.path_edit.setText(str(tmp_path / "one.vcf"))
    assert dialog.export() == 1
    assert dialog.replace_box is None
    assert dialog.summary() == f"Exported 1 contact to {tmp_path / 'one.vcf'}"


def test_the_window_confirms_an_export_with_the_file_and_count(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """From the window the file is written on its worker queue, not on the UI thread."""
    window.menu_actions.export.trigger()
    dialog = window.active_dialog
    assert isinstance(dialog, ExportDialog)
    target = tmp_path / "book.json"
    dialog.set_format("json")
    dialog.path_edit.setText(str(target))
    labels: list[str] = []
    window.workers.taskStarted.connect(lambda task: labels.append(task.label))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        assert dialog.export() is None
    assert labels == ["Exporting…"]
    assert dialog.exported == 6 and target.exists()
    assert window.notices.messages()[-1] == f"Exported 6 contacts to {target}"


def test_the_book_itself_is_refused_without_asking(qtbot: QtBot, service: LeadService) -> None:
    service.add_contact("Dana Lee")
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_format("json")
    dialog.path_edit.setText(str(service.path))
    assert dialog.export() is None
    assert dialog.replace_box is None
    assert "is the database" in dialog.message.text()
    assert [card.name for card in service.board().all_cards()] == ["Dana Lee"]


def test_only_the_vcard_export_offers_the_selection_and_each_says_what_it_writes(
    qtbot: QtBot, service: LeadService, tmp_path: Path
) -> None:
    ids = [service.add_contact(name).contact_id for name in ("Dana Lee", "Sam Ortiz", "Ana Ruiz")]
    dialog = ExportDialog(service, selected_ids=ids[:2])
    qtbot.addWidget(dialog)
    assert dialog.selected_only.isHidden()
    assert dialog.scope.text() == "Exports every contact, archived ones included."
    dialog.set_format("json")
    assert dialog.selected_only.isHidden()
    assert dialog.scope.text().startswith("Exports the whole book")
    dialog.set_format("vcard")
    assert not dialog.selected_only.isHidden() and dialog.selected_only.isChecked()
    assert dialog.scope.text() == "Exports the 2 selected contacts."
    dialog.path_edit.setText(str(tmp_path / "two.vcf"))
    assert dialog.export() == 2
    dialog.selected_only.setChecked(False)
    assert dialog.scope.text() == "Exports every contact that is not archived."


def test_without_a_selection_the_vcard_export_has_no_selection_box(
    qtbot: QtBot, service: LeadService
) -> None:
    dialog = ExportDialog(service)
    qtbot.addWidget(dialog)
    dialog.set_format("vcard")
    assert dialog.selected_only.isHidden()
    assert dialog.scope.text() == "Exports every contact that is not archived."
