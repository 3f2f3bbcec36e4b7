"""Contact editor: validation as you type with inline messages, no save while invalid, prefill."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.dialogs.contact_editor import ContactEditorDialog
from leadtemp.model import LEAD_SOURCES
from leadtemp.scoring.rules import IdealClientProfile
from leadtemp.service import LeadService

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    # The offscreen platform cannot resize native windows; that says nothing about the dialog.
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints|grabbing the keyboard|raise)"
    ),
]


def make(qtbot: QtBot, service: LeadService, contact_id: int | None = None) -> ContactEditorDialog:
    contact = service.contact(contact_id) if contact_id is not None else None
    dialog = ContactEditorDialog(service, contact=contact)
    qtbot.addWidget(dialog)
    return dialog


def test_identity_for_automation(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    assert dialog.objectName() == "contact-editor"
    assert dialog.accessibleName() == "contact-editor"
    assert dialog.windowTitle() == "New contact"


def test_a_new_contact_needs_a_name_before_saving(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    assert not dialog.save_button.isEnabled()
    assert all(error.isHidden() for error in dialog.errors.values())
    dialog.edits["name"].setText("Dana Lee")
    assert dialog.save_button.isEnabled()
    dialog.edits["name"].setText("   ")
    assert not dialog.save_button.isEnabled()
    assert not dialog.errors["name"].isHidden()
    assert dialog.errors["name"].text() == "Name is required"


def test_values_can_be_saved_by_the_service(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.edits["name"].setText(" Dana Lee ")
    dialog.edits["email"].setText("dana@acme.io")
    dialog.edits["linkedin"].setText("uk.linkedin.com/in/Dana-Lee/")
    dialog.edits["phone"].setText("+44 20 7946 0958")
    dialog.edits["company"].setText("Acme")
    dialog.edits["role"].setText("Founder")
    dialog.edits["industry"].setText("SaaS")
    dialog.edits["company_size"].setText("1,200")
    dialog.source_combo.setCurrentText("referral")
    dialog.edits["fit"].setText("8")
    dialog.notes_edit.setPlainText("Met at the meetup")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    values = dialog.values()
    assert values == {
        "name": "Dana Lee",
        "email": "dana@acme.io",
        "linkedin": "uk.linkedin.com/in/Dana-Lee/",
        "phone": "+44 20 7946 0958",
        "company": "Acme",
        "role": "Founder",
        "industry": "SaaS",
        "company_size": 1200,
        "source": "referral",
        "fit": 8,
        "notes": "Met at the meetup",
    }
    contact = service.contact(service.add_contact(**values).contact_id)
    assert (contact.name, contact.company_size, contact.fit) == ("Dana Lee", 1200, 8)
    assert contact.linkedin == "https://www.linkedin.com/in/dana-lee"


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("name", "", "Name is required"),
        ("email", "dana@", "not a valid email address"),
        ("email", "dana lee@acme.io", "not a valid email address"),
        ("phone", "12", "too few digits"),
        ("phone", "call me", "not a phone number"),
        ("fit", "11", "from 0 to 10"),
        ("fit", "-1", "from 0 to 10"),
        ("fit", "high", "from 0 to 10"),
        ("company_size", "lots", "whole number of people"),
        ("linkedin", "https://www.linkedin.com/company/acme", "not a LinkedIn profile address"),
        ("linkedin", "dana-lee", "not a LinkedIn profile address"),
    ],
)
def test_bad_input_is_refused_with_an_inline_message(
    qtbot: QtBot, service: LeadService, field: str, text: str, message: str
) -> None:
    dialog = make(qtbot, service)
    dialog.show()
    dialog.edits["name"].setText("Dana Lee")
    dialog.edits[field].setText(text)
    error = dialog.errors[field]
    assert error.isVisible()
    assert message in error.text()
    assert not dialog.save_button.isEnabled()
    QTest.keyClick(dialog.edits[field], Qt.Key.Key_Return)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    with pytest.raises(ValueError):
        dialog.values()
    others = [key for key, label in dialog.errors.items() if key != field and not label.isHidden()]
    assert others == []


def test_fixing_the_field_clears_its_message(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.edits["name"].setText("Dana Lee")
    dialog.edits["email"].setText("dana@")
    assert not dialog.errors["email"].isHidden()
    dialog.edits["email"].setText("dana@acme.io")
    assert dialog.errors["email"].isHidden()
    assert dialog.save_button.isEnabled()


def test_accepting_an_untouched_form_shows_why(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.errors["name"].isHidden()


def test_empty_or_computed_fit_means_computed(qtbot: QtBot, service: LeadService) -> None:
    service.update_settings(
        rules=service.rules.with_changes(icp=IdealClientProfile(industries=("saas",), roles=("founder",)))
    )
    dialog = make(qtbot, service)
    dialog.edits["name"].setText("Dana Lee")
    assert dialog.values()["fit"] is None
    assert dialog.edits["fit"].placeholderText() == "Computed: 5"
    dialog.edits["industry"].setText("SaaS")
    dialog.edits["role"].setText("Founder")
    assert dialog.edits["fit"].placeholderText() == "Computed: 10"
    dialog.edits["fit"].setText("computed")
    assert dialog.values()["fit"] is None
    assert dialog.values()["company_size"] is None


def test_enter_saves_and_escape_cancels(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    dialog.show()
    dialog.edits["name"].setText("Dana Lee")
    with qtbot.waitSignal(dialog.accepted):
        QTest.keyClick(dialog.edits["email"], Qt.Key.Key_Return)
    other = make(qtbot, service)
    other.show()
    with qtbot.waitSignal(other.rejected):
        QTest.keyClick(other.edits["name"], Qt.Key.Key_Escape)


def test_editing_prefills_from_the_service(qtbot: QtBot, service: LeadService) -> None:
    contact_id = service.add_contact(
        "Dana Lee",
        email="dana@acme.io",
        phone="+1 415 555 0100",
        company="Acme",
        role="CTO",
        industry="Fintech",
        company_size=40,
        source="trade show show-floor",
        fit=3,
        notes="Prefers calls\nafter 4pm",
        linkedin="linkedin.com/in/dana-lee",
    ).contact_id
    dialog = make(qtbot, service, contact_id)
    assert dialog.edits["linkedin"].text() == "https://www.linkedin.com/in/dana-lee"
    assert dialog.windowTitle() == "Edit Dana Lee"
    assert dialog.contact_id == contact_id
    assert dialog.edits["name"].text() == "Dana Lee"
    assert dialog.edits["email"].text() == "dana@acme.io"
    assert dialog.edits["company_size"].text() == "40"
    assert dialog.edits["fit"].text() == "3"
    assert dialog.source_combo.currentText() == "trade show show-floor"
    assert dialog.notes_edit.toPlainText() == "Prefers calls\nafter 4pm"
    assert dialog.save_button.isEnabled()
    dialog.edits["role"].setText("CEO")
    dialog.accept()
    values = dialog.values()
    assert values["role"] == "CEO"
    service.edit_contact(contact_id, **values)
    assert service.contact(contact_id).role == "CEO"


def test_prefilled_bad_data_is_flagged_at_once(qtbot: QtBot, service: LeadService) -> None:
    contact_id = service.add_contact("Dana Lee").contact_id
    service.store.update_contact(contact_id, {"email": "imported@garbage"}, 0.0)
    dialog = make(qtbot, service, contact_id)
    assert not dialog.errors["email"].isHidden()
    assert not dialog.save_button.isEnabled()


def test_source_offers_the_seeds_sources(qtbot: QtBot, service: LeadService) -> None:
    dialog = make(qtbot, service)
    offered = [dialog.source_combo.itemText(row) for row in range(dialog.source_combo.count())]
    assert set(LEAD_SOURCES) <= set(offered)
    assert dialog.source_combo.isEditable()
