"""The contact panel beside the board: who the lead is, why it has its score, what to do next.

It only reads (``service.detail``, on the worker queue when it has one, so the UI thread never waits
on the database) and reports what the user asked for through signals; the main window performs the
writes as undoable commands and then calls ``refresh``. Until a read's answer arrives the panel keeps
showing what it showed, and its signals name the lead shown, never the one still being read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.qualification.chips import QualificationChips
from desktop.widgets.breakdown import ScoreBreakdown
from desktop.widgets.clamped_label import ClampedLabel
from desktop.widgets.humanize import days_ago, duration, local_text
from desktop.widgets.labels import on_temperature_color, temperature_color, temperature_hints
from desktop.widgets.timeline import ID_ROLE, TimelineDelegate, TimelineModel, entries_for, merge_entries
from leadtemp.book_kinds import shows_qualification
from leadtemp.errors import NotFoundError
from leadtemp.model import Card, Outcome, Temperature
from leadtemp.service import ContactDetail, LeadService

if TYPE_CHECKING:
    from desktop.workers import Workers

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_Label = TypeVar("_Label", bound=QLabel)
_TREND_ARROWS = {1: "↑", 0: "→", -1: "↓"}


def _chip_tip(detail: ContactDetail, lead: str) -> str:
    """A won or lost lead has no response priority: its outcome and since when say where it stands."""
    card, outcome = detail.card, detail.contact.outcome
    if outcome is Outcome.OPEN:
        return f"{card.temperature.label} {lead} — response priority {card.response_priority.lower()}"
    when = f" on {local_text(detail.outcome_at)}" if detail.outcome_at else ""
    return f"{outcome.value.capitalize()}{when} — the score says {card.temperature.value}"


def _selectable(label: _Label) -> _Label:
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ContactPanel(QWidget):
    """Signals carry the contact id (or the interaction id for deletions)."""

    tickToggled = Signal(int, str, bool)
    deleteInteractionRequested = Signal(int)
    unpinRequested = Signal(int)
    outcomeChanged = Signal(int, str)
    editRequested = Signal(int)
    logRequested = Signal(int)
    nextStepRequested = Signal(int)
    stepDoneRequested = Signal(int)
    #: The company's id, from a click on the contact's company.
    companyRequested = Signal(int)
    #: (contact id, criterion, answer): a qualification chip was clicked.
    qualificationChosen = Signal(int, str, str)

    def __init__(
        self, service: LeadService, parent: QWidget | None = None, workers: Workers | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._workers = workers
        self._contact_id: int | None = None
        self._reads = 0
        self._shown_read = 0
        self._detail: ContactDetail | None = None
        self._loading = False
        self.setObjectName("contact-panel")
        self.setAccessibleName("contact-panel")

        self._stack = QStackedWidget(self)
        self.empty_label = QLabel("Select a lead to see its score, history and next steps.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self._build_details())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self.setMinimumWidth(340)

    # Building ---------------------------------------------------------------------------

    def _build_details(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(8)
        column.addLayout(self._build_header())
        column.addWidget(self._build_score())
        column.addLayout(self._build_actions())
        self.tabs = QTabWidget(page)
        self.tabs.setObjectName("contact-panel-tabs")
        self.tabs.addTab(self._build_checklist(), "Next &steps")
        self.tabs.addTab(self._build_timeline(), "&Timeline")
        self.tabs.addTab(self._build_profile(), "&Profile")
        column.addWidget(self.tabs, 1)
        return page

    def _build_header(self) -> QVBoxLayout:
        self.name_label = _selectable(ClampedLabel(3, self))
        self.name_label.setObjectName("contact-panel-name")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.name_label.setFont(font)
        self.company_label = _selectable(ClampedLabel(2, self))
        self.company_label.setObjectName("contact-panel-company")
        self.company_link = QLabel(self)
        self.company_link.setObjectName("contact-panel-company-link")
        self.company_link.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.company_link.setToolTip("Everyone at the company: their temperatures, roles and interactions")
        self.company_link.linkActivated.connect(self._emit_company)
        self.reach_label = QLabel(self)
        self.reach_label.setObjectName("contact-panel-reach")
        self.reach_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.reach_label.setOpenExternalLinks(True)
        self.reach_label.setWordWrap(True)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.setObjectName("contact-panel-outcome")
        self.outcome_combo.setAccessibleName("Outcome")
        self.outcome_combo.setToolTip("Won or lost leads leave the board; set back to open to restore")
        for outcome, text in ((Outcome.OPEN, "Open"), (Outcome.WON, "Won"), (Outcome.LOST, "Lost")):
            self.outcome_combo.addItem(text, outcome.value)
        self.outcome_combo.currentIndexChanged.connect(self._emit_outcome)
        outcome_label = QLabel("&Outcome:", self)
        outcome_label.setBuddy(self.outcome_combo)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(outcome_label)
        outcome_row.addWidget(self.outcome_combo)
        outcome_column = QVBoxLayout()
        outcome_column.addLayout(outcome_row)
        outcome_column.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.name_label, 1)
        top.addLayout(outcome_column)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addLayout(top)
        for label in (self.company_label, self.company_link, self.reach_label):
            header.addWidget(label)
        return header

    def _build_score(self) -> QWidget:
        box = QGroupBox("Score", self)
        column = QVBoxLayout(box)
        top = QHBoxLayout()
        self.temperature_chip = QLabel(box)
        self.temperature_chip.setObjectName("contact-panel-temperature")
        self.score_label = QLabel(box)
        self.score_label.setObjectName("contact-panel-score")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.score_label.setFont(big)
        self.trend_label = QLabel(box)
        self.trend_label.setObjectName("contact-panel-trend")
        self.qualification_chips = QualificationChips(box)
        self.qualification_chips.answerChosen.connect(self._emit_qualification)
        top.addWidget(self.score_label)
        top.addWidget(self.temperature_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.qualification_chips.stage_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.trend_label)
        column.addLayout(top)
        column.addWidget(self.qualification_chips)

        pin_row = QHBoxLayout()
        self.pin_label = QLabel(box)
        self.pin_label.setObjectName("contact-panel-pin")
        self.unpin_button = QPushButton("&Unpin", box)
        self.unpin_button.setObjectName("contact-panel-unpin")
        self.unpin_button.setToolTip("Let the score decide the temperature again")
        self.unpin_button.clicked.connect(self._emit_unpin)
        pin_row.addWidget(self.pin_label, 1)
        pin_row.addWidget(self.unpin_button)
        self.pin_row = QWidget(box)
        self.pin_row.setLayout(pin_row)
        pin_row.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pin_row)

        self.touch_label = QLabel(box)
        self.touch_label.setObjectName("contact-panel-touch")
        self.touch_label.setWordWrap(True)
        self.clock_label = QLabel(box)
        self.clock_label.setObjectName("contact-panel-response-clock")
        self.clock_label.setWordWrap(True)
        column.addWidget(self.touch_label)
        column.addWidget(self.clock_label)
        column.addWidget(self._build_agenda(box))

        line = QFrame(box)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        column.addWidget(line)
        self.breakdown = ScoreBreakdown(box)
        self.breakdown.setObjectName("contact-panel-breakdown")
        column.addWidget(self.breakdown)
        return box

    def _build_agenda(self, parent: QWidget) -> QWidget:
        """When the lead cools if nothing happens, its next step with the day it is due, its snooze."""
        holder = QWidget(parent)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        self.cools_label = QLabel(holder)
        self.cools_label.setObjectName("contact-panel-cools-on")
        self.cools_label.setToolTip("The day its score drops a temperature if nothing new is logged")
        self.step_label = QLabel(holder)
        self.step_label.setObjectName("contact-panel-next-step")
        self.step_label.setWordWrap(True)
        self.step_button = QPushButton("Set ne&xt step…", holder)
        self.step_button.setObjectName("contact-panel-set-next-step")
        self.step_button.setToolTip("What to do next about this lead, and the day it is due")
        self.step_button.clicked.connect(lambda: self._emit_for(self.nextStepRequested))
        self.step_done_button = QPushButton("Do&ne", holder)
        self.step_done_button.setObjectName("contact-panel-next-step-done")
        self.step_done_button.setToolTip("The next step is done (it leaves the lead)")
        self.step_done_button.clicked.connect(lambda: self._emit_for(self.stepDoneRequested))
        row = QHBoxLayout()
        row.addWidget(self.step_label, 1)
        row.addWidget(self.step_done_button)
        row.addWidget(self.step_button)
        column.addWidget(self.cools_label)
        column.addLayout(row)
        return holder

    def _show_agenda(self, detail: ContactDetail) -> None:
        from desktop.today.model import day_text

        card = detail.card
        if detail.cools_on is not None and card.temperature is not Temperature.COLD:
            lower = Temperature.WARM if card.temperature is Temperature.HOT else Temperature.COLD
            self.cools_label.setText(f"Goes {lower.value} on {day_text(detail.cools_on)} if nothing happens")
            self.cools_label.setHidden(False)
        else:
            self.cools_label.setHidden(True)
        step, snooze = detail.next_step, detail.snooze
        parts = []
        if step is not None:
            parts.append(f"<b>Next step:</b> {_html(step.text)} — due {day_text(step.due)}")
        else:
            parts.append("<b>Next step:</b> none scheduled")
        if snooze is not None and snooze.until > self._service.now().astimezone().date():
            parts.append(f"Snoozed until {day_text(snooze.until)}")
        self.step_label.setText("<br>".join(parts))
        self.step_done_button.setHidden(step is None)
        self.step_button.setText("Change ne&xt step…" if step is not None else "Set ne&xt step…")

    def _build_actions(self) -> QHBoxLayout:
        self.log_button = QPushButton("&Log interaction…", self)
        self.log_button.setObjectName("contact-panel-log")
        self.log_button.setToolTip("Record what happened with this lead (Ctrl+L)")
        self.log_button.clicked.connect(lambda: self._emit_for(self.logRequested))
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setObjectName("contact-panel-edit")
        self.edit_button.setToolTip("Edit the contact's details")
        self.edit_button.clicked.connect(lambda: self._emit_for(self.editRequested))
        row = QHBoxLayout()
        row.addWidget(self.log_button)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        QWidget.setTabOrder(self.outcome_combo, self.log_button)
        QWidget.setTabOrder(self.log_button, self.edit_button)
        return row

    def _build_checklist(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.checklist_title = QLabel(page)
        self.checklist_title.setObjectName("contact-panel-checklist-title")
        self.checklist_title.setWordWrap(True)
        self.checklist = QListWidget(page)
        self.checklist.setObjectName("contact-panel-checklist")
        self.checklist.setAccessibleName("Nurture checklist")
        self.checklist.setWordWrap(True)
        self.checklist.setFrameShape(QFrame.Shape.NoFrame)
        self.checklist.setSpacing(2)
        self.checklist.itemChanged.connect(self._emit_tick)
        column.addWidget(self.checklist_title)
        column.addWidget(self.checklist, 1)
        return page

    def _build_timeline(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.timeline_model = TimelineModel(self)
        self.timeline = QListView(page)
        self.timeline.setObjectName("contact-panel-timeline")
        self.timeline.setAccessibleName("Interaction timeline")
        self.timeline.setModel(self.timeline_model)
        self.timeline.setItemDelegate(TimelineDelegate(self.timeline))
        self.timeline.setUniformItemSizes(True)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.timeline.customContextMenuRequested.connect(self._timeline_menu)
        # The selection, not the current row: a click makes the row current before it selects it.
        self.timeline.selectionModel().selectionChanged.connect(lambda *_: self._update_delete())
        self.delete_action = QAction("&Delete interaction", self.timeline)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.timeline.addAction(self.delete_action)
        self.timeline.installEventFilter(self)
        self.timeline_menu: QMenu | None = None
        self.delete_button = QPushButton("&Delete", page)
        self.delete_button.setObjectName("contact-panel-delete-interaction")
        self.delete_button.setToolTip("Delete the selected interaction (Del); you can undo it")
        self.delete_button.clicked.connect(self.delete_selected)
        self.timeline_summary = QLabel(page)
        self.timeline_summary.setEnabled(False)
        self.captured_filter = QCheckBox("Ca&ptured only", page)
        self.captured_filter.setObjectName("contact-panel-captured-filter")
        self.captured_filter.setToolTip("Show only what a capture logged from mail, calendars and exports")
        self.captured_filter.toggled.connect(self.timeline_model.set_captured_only)
        column.addWidget(self.captured_filter)
        row = QHBoxLayout()
        row.addWidget(self.timeline_summary, 1)
        row.addWidget(self.delete_button)
        column.addWidget(self.timeline, 1)
        column.addLayout(row)
        return page

    def _build_profile(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.profile_labels: dict[str, QLabel] = {}
        for key, title in (
            ("role", "Role:"),
            ("industry", "Industry:"),
            ("company_size", "Company size:"),
            ("source", "Source:"),
            ("fit", "Fit:"),
            ("created_at", "Added:"),
            ("notes", "Notes:"),
        ):
            label = _selectable(QLabel(page))
            label.setObjectName(f"contact-panel-{key.replace('_', '-')}")
            label.setWordWrap(True)
            self.profile_labels[key] = label
            form.addRow(title, label)
        return page

    # Public API -------------------------------------------------------------------------

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    @property
    def detail(self) -> ContactDetail | None:
        return self._detail

    def set_contact(self, contact_id: int | None) -> None:
        self._contact_id = contact_id
        self.refresh()

    def refresh(self) -> None:
        """Reload everything from the service; an archived or purged contact just empties the panel."""
        self._reads += 1
        read, contact_id = self._reads, self._contact_id
        if contact_id is None:
            self._present(None, read, None)
        elif self._workers is None:
            self._present(_read_detail(self._service, contact_id), read, contact_id)
        else:
            task = self._workers.run(
                "",
                lambda service, _progress: _read_detail(service, contact_id),
                lambda detail: self._present(detail, read, contact_id),
            )
            self.destroyed.connect(task.cancel)

    def forget_reads(self) -> None:
        """The panel is being taken down: answers still on their way are dropped."""
        self._reads += 1
        self._shown_read = self._reads

    @property
    def reading(self) -> bool:
        """A read is on its way: what is shown may be about to change."""
        return self._shown_read != self._reads

    def _present(self, detail: ContactDetail | None, read: int, contact_id: int | None) -> None:
        if read != self._reads:
            return  # a later read is on its way; this answer is for a lead no longer asked for
        self._shown_read = read
        if detail is not None and detail.contact.id != self.shown_contact_id:
            self.timeline.scrollToTop()
        if detail is None and contact_id is not None and self._contact_id == contact_id:
            self._contact_id = None
        self._detail = detail
        if detail is None:
            self._stack.setCurrentIndex(0)
            self.timeline_model.set_entries([], self._service.now())
            return
        self._loading = True
        try:
            self._show(detail)
        finally:
            self._loading = False
        self._stack.setCurrentIndex(1)

    # Showing ----------------------------------------------------------------------------

    def _show(self, detail: ContactDetail) -> None:
        contact = detail.contact
        self.name_label.set_full_text(contact.name)
        self.company_label.set_full_text(" · ".join(part for part in (contact.role, contact.company) if part))
        self.company_label.setHidden(not self.company_label.full_text())
        company = detail.company
        if company is not None:
            people = f"{company.people} {'person' if company.people == 1 else 'people'}"
            self.company_link.setText(f"<a href='company:{company.id}'>{_html(company.name)}: {people} ›</a>")
        self.company_link.setHidden(company is None)
        reach = []
        if contact.email:
            reach.append(f"<a href='mailto:{_attr(contact.email)}'>{_html(contact.email)}</a>")
        if contact.phone:
            reach.append(f"<a href='tel:{_attr(contact.phone)}'>{_html(contact.phone)}</a>")
        if contact.linkedin:
            reach.append(f"<a href='{_attr(contact.linkedin)}'>LinkedIn</a>")
        self.reach_label.setText(" · ".join(reach))
        self.reach_label.setHidden(not reach)
        self._show_score(detail)
        self.outcome_combo.setCurrentIndex(self.outcome_combo.findData(contact.outcome.value))
        self._show_checklist(detail)
        self._show_timeline(detail)
        self._show_profile(detail)
        self._update_delete()

    def _show_score(self, detail: ContactDetail) -> None:
        card = detail.card
        self.score_label.setText(str(card.score))
        self.score_label.setAccessibleName(f"Score {card.score}")
        color = temperature_color(self, card.temperature).name()
        ink = on_temperature_color(self).name()
        self.temperature_chip.setText(card.temperature.label.upper())
        self.temperature_chip.setStyleSheet(
            f"QLabel {{ background: {color}; color: {ink}; border-radius: 4px; "
            "padding: 2px 8px; font-weight: bold; }"
        )
        self.temperature_chip.setToolTip(_chip_tip(detail, self._service.words.lead))
        self.temperature_chip.setAccessibleName(f"Temperature {card.temperature.value}")
        window = self._service.rules.trend_window_days
        arrow = _TREND_ARROWS.get(card.trend, "→")
        change = f"{card.trend_delta:+d}" if card.trend_delta else "no change"
        self.trend_label.setText(f"{arrow} {change} in {window} days")
        self.trend_label.setToolTip(f"Score {window} days ago: {detail.trend_score}")
        words, qualification = self._service.words, detail.qualification
        chips = self.qualification_chips
        chips.show_qualification(qualification, card.stage, self._service.now().astimezone().date(), words)
        shown = shows_qualification(self._service.rules.book, card.stage, qualification.answered)
        chips.setHidden(not shown)
        chips.stage_label.setHidden(not shown)
        self._show_pin(detail)
        self.touch_label.setText(f"Last touch: {days_ago(card.days_since_touch)}")
        self._show_clock(card)
        self._show_agenda(detail)
        self.breakdown.set_result(detail.result, self._service.rules, self._service.catalogue)

    def _show_pin(self, detail: ContactDetail) -> None:
        card = detail.card
        if not card.pinned:
            self.pin_row.setHidden(True)
            return
        text = f"Pinned {card.temperature.value} (computed {card.computed_temperature.value})"
        if detail.pin is not None and detail.pin.expires_at is not None:
            text += f" until {local_text(detail.pin.expires_at)}"
        self.pin_label.setText(text)
        self.pin_row.setHidden(False)

    def _show_clock(self, card: Card) -> None:
        if card.waiting_since is None:
            self.clock_label.setHidden(True)
            return
        waited = duration(self._service.now() - card.waiting_since)
        hot = temperature_color(self, Temperature.HOT).name()
        self.clock_label.setText(f"<b style='color:{hot}'>Waiting for your reply: {waited}</b>")
        self.clock_label.setToolTip(
            "A buying signal arrived and no outreach has been logged since: hot leads expect an "
            "answer within minutes"
        )
        self.clock_label.setHidden(False)

    def _show_checklist(self, detail: ContactDetail) -> None:
        temperature = detail.card.temperature
        done = sum(entry.done for entry in detail.checklist)
        self.checklist_title.setText(
            f"<b>{temperature.label} {self._service.words.lead}</b> — "
            f"{temperature_hints(self._service.rules.book)[temperature].lower()}. "
            f"{done} of {len(detail.checklist)} done."
        )
        self.checklist.clear()
        for entry in detail.checklist:
            item = QListWidgetItem(entry.item.text)
            item.setData(ITEM_ID_ROLE, entry.item.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.done else Qt.CheckState.Unchecked)
            if entry.done_at is not None:
                item.setToolTip(f"Done {local_text(entry.done_at)}")
            self.checklist.addItem(item)
        self.tabs.setTabText(0, f"Next &steps ({done}/{len(detail.checklist)})")

    def _show_timeline(self, detail: ContactDetail) -> None:
        captured = detail.captured
        entries = entries_for(
            detail.interactions,
            detail.result.contributions,
            self._service.catalogue,
            captured,
            me=self._service.actor,
        )
        entries = sorted(entries + merge_entries(detail.merges), key=lambda e: e.occurred_at, reverse=True)
        self.timeline_model.set_entries(entries, self._service.now())
        self.captured_filter.setText(f"Ca&ptured only ({len(captured)})")
        count = len(detail.interactions)
        self.tabs.setTabText(1, f"&Timeline ({count})")
        self.timeline_summary.setText(
            f"{count} interaction{'s' if count != 1 else ''}, newest first" if count else "Nothing logged yet"
        )

    def _show_profile(self, detail: ContactDetail) -> None:
        contact = detail.contact
        size = f"{contact.company_size:,} people" if contact.company_size is not None else ""
        fit = f"{detail.fit} (set by hand)" if contact.fit is not None else f"{detail.fit} (computed)"
        values = {
            "role": contact.role,
            "industry": contact.industry,
            "company_size": size,
            "source": contact.source,
            "fit": fit,
            "created_at": local_text(contact.created_at) if contact.created_at else "",
            "notes": contact.notes,
        }
        for key, value in values.items():
            label = self.profile_labels[key]
            label.setText(value or "—")
            label.setEnabled(bool(value))

    def changeEvent(self, event: QEvent) -> None:
        """Re-colour the temperature chip when the system switches between light and dark."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._detail is not None:
            self._show_score(self._detail)

    # Signals ----------------------------------------------------------------------------

    @property
    def shown_contact_id(self) -> int | None:
        """The lead whose details are on screen (a newly selected one may still be being read)."""
        return self._detail.contact.id if self._detail is not None else None

    def _emit_for(self, signal: SignalInstance) -> None:
        if self.shown_contact_id is not None:
            signal.emit(self.shown_contact_id)

    def _emit_company(self, link: str) -> None:
        self.companyRequested.emit(int(link.removeprefix("company:")))

    def _emit_qualification(self, criterion: str, answer: str) -> None:
        contact_id = self.shown_contact_id
        if contact_id is not None:
            self.qualificationChosen.emit(contact_id, criterion, answer)

    def _emit_unpin(self) -> None:
        self._emit_for(self.unpinRequested)

    def _emit_outcome(self) -> None:
        if self._loading or self.shown_contact_id is None:
            return
        self.outcomeChanged.emit(self.shown_contact_id, str(self.outcome_combo.currentData()))

    def _emit_tick(self, item: QListWidgetItem) -> None:
        if self._loading or self.shown_contact_id is None:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        self.tickToggled.emit(self.shown_contact_id, str(item.data(ITEM_ID_ROLE)), checked)

    def selected_interaction_id(self) -> int | None:
        index = self.timeline.currentIndex()
        if not index.isValid() or not self.timeline.selectionModel().isSelected(index):
            return None
        value = index.data(ID_ROLE)
        return int(value) if value is not None else None

    def delete_selected(self) -> None:
        interaction_id = self.selected_interaction_id()
        if interaction_id is not None:
            self.deleteInteractionRequested.emit(interaction_id)

    def _update_delete(self) -> None:
        enabled = self.selected_interaction_id() is not None
        self.delete_button.setEnabled(enabled)
        self.delete_action.setEnabled(enabled)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete (or Backspace, as on macOS) removes the selected timeline entry."""
        if (
            watched is self.timeline
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.selected_interaction_id() is not None
        ):
            self.delete_selected()
            return True
        return super().eventFilter(watched, event)

    def _timeline_menu(self, position: QPoint) -> None:
        index: QModelIndex = self.timeline.indexAt(position)
        if not index.isValid():
            return
        self.timeline.setCurrentIndex(index)
        if self.timeline_menu is not None:
            self.timeline_menu.deleteLater()
        self.timeline_menu = QMenu(self.timeline)
        self.timeline_menu.setObjectName("timeline-menu")
        self.timeline_menu.addAction(self.delete_action)
        self.timeline_menu.popup(self.timeline.viewport().mapToGlobal(position))


def _read_detail(service: LeadService, contact_id: int) -> ContactDetail | None:
    """The lead's details, or None once it was purged (the panel then empties)."""
    try:
        return service.detail(contact_id)
    except NotFoundError:
        return None


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _html(text).replace("'", "%27").replace(" ", "")
