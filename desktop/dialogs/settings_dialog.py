"""Settings: thresholds, decay, points per kind, ideal-client profile and checklist templates.

Every page feeds one candidate ``Rules`` built through the core's own validation, so the dialog
cannot hand back settings the service would refuse; the main window applies them (re-scoring
everything off the UI thread). While the rules differ from the stored ones, the dialog names the
leads they would move, computed by the ``preview`` it is given (off the UI thread in the window).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.capture.capture_settings import CaptureSettingsEditor
from desktop.widgets.checklist_editor import ChecklistEditor
from desktop.widgets.field_error import FieldError
from desktop.widgets.labels import CATEGORY_LABELS, temperature_color
from leadtemp.book_kinds import BookKind, words_for
from leadtemp.errors import ValidationError
from leadtemp.model import Category, ChecklistItem, Temperature
from leadtemp.scoring.catalogue import (
    POINT_RANGES,
    InteractionKind,
    custom_kind,
)
from leadtemp.scoring.checklists import Templates, default_templates, templates_from_json
from leadtemp.scoring.recruiting import book_kinds
from leadtemp.scoring.rules import DEFAULT_HALF_LIVES, IdealClientProfile, Rules, role_profile
from leadtemp.service import LeadService, TemperatureMove, describe_moves

#: ``preview(rules, show)`` works out the leads ``rules`` would move and calls ``show`` with them
#: (or with the exception that stopped it).
Preview = Callable[[Rules, Callable[[list[TemperatureMove] | Exception], None]], None]
#: Leads named in the preview; the rest are counted.
_PREVIEW_NAMES = 5
#: Quiet time after the last edit before a preview is asked for.
_PREVIEW_DELAY_MS = 300

_DECAY_CATEGORIES = (
    Category.EXPLICIT_INTEREST,
    Category.ENGAGEMENT,
    Category.BEHAVIORAL,
    Category.NEGATIVE,
)
_POINT_CATEGORIES = (
    Category.EXPLICIT_INTEREST,
    Category.ENGAGEMENT,
    Category.BEHAVIORAL,
    Category.NEGATIVE,
)


def _form() -> QFormLayout:
    """Numbers keep their natural width: a spin box stretched across the dialog reads as text."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form


def _page(*widgets: QWidget | QFormLayout, note: str = "", stretch: bool = True) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    if note:
        label = QLabel(note, page)
        label.setWordWrap(True)
        layout.addWidget(label)
    for widget in widgets:
        if isinstance(widget, QFormLayout):
            layout.addLayout(widget)
        else:
            layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return page


def _words(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


class SettingsDialog(QDialog):
    """Edits a copy of the service's rules and templates; nothing is stored until the caller does."""

    def __init__(
        self, service: LeadService, parent: QWidget | None = None, preview: Preview | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._base = service.rules
        self._recruiting = self._base.book is BookKind.RECRUITING
        #: The kinds the book came with, at their default points.
        self._book_kinds = {kind.name: kind for kind in book_kinds(self._base.book)}
        self._preview = preview
        self._preview_serial = 0
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(_PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._request_preview)
        self._custom_kinds: list[InteractionKind] = list(self._base.custom_kinds)
        self.setObjectName("settings-dialog")
        self.setAccessibleName("settings-dialog")
        self.setWindowTitle("Settings")
        self._rules: Rules | None = self._base
        self._templates: Templates | None = dict(service.templates)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settings-tabs")
        self.tabs.addTab(self._thresholds_page(), "&Thresholds")
        self.tabs.addTab(self._decay_page(), "&Decay")
        self.tabs.addTab(self._points_page(), "&Points")
        if self._recruiting:
            self.tabs.addTab(self._role_page(), "&Role")
        else:
            self.tabs.addTab(self._icp_page(), "Ideal &client")
        self.checklists = ChecklistEditor(service.templates, self)
        self._checklist_tab = self.tabs.addTab(_page(self.checklists, stretch=False), "Chec&klists")
        self.tabs.addTab(self._kinds_page(), "Your k&inds")
        self.capture_settings = CaptureSettingsEditor(self)
        self.tabs.addTab(
            _page(self.capture_settings, note="What capture needs to know to read mail and exports."),
            "Ca&pture",
        )
        self._tab_names = [self.tabs.tabText(i).replace("&", "") for i in range(self.tabs.count())]

        self.error = FieldError("settings", self)
        self.preview_label = QLabel(self)
        self.preview_label.setObjectName("settings-preview")
        self.preview_label.setWordWrap(True)
        self.preview_label.setVisible(preview is not None)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setToolTip("Save the settings and re-score every lead")
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setToolTip("Put every tab back to LeadTemp's defaults (Cancel still undoes this)")
        restore.setAutoDefault(False)
        restore.clicked.connect(self.restore_defaults)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.buttons)
        self.resize(600, 520)

        self._load(self._base, service.templates)
        self.checklists.changed.connect(self._validate)
        for spin in self._spins():
            spin.valueChanged.connect(self._validate)
        for edit in self._profile_edits():
            edit.textChanged.connect(self._validate)
        self._validate()

    # Pages ------------------------------------------------------------------------------

    def _thresholds_page(self) -> QWidget:
        self.warm_spin = self._int_spin(1, 1000, "warm-min", "Lowest score that counts as warm")
        self.hot_spin = self._int_spin(1, 1000, "hot-min", "Lowest score that counts as hot")
        for spin in (self.warm_spin, self.hot_spin):
            spin.setSuffix(" points")
        self.bands_label = QLabel(self)
        self.bands_label.setObjectName("settings-bands")
        form = _form()
        form.addRow("&Warm from:", self.warm_spin)
        form.addRow("&Hot from:", self.hot_spin)
        form.addRow("Resulting bands:", self.bands_label)
        return _page(form, note="A lead's temperature follows its score. Below warm it is cold.")

    def _decay_page(self) -> QWidget:
        self.half_life_spins: dict[Category, QDoubleSpinBox] = {}
        form = _form()
        for category in _DECAY_CATEGORIES:
            spin = QDoubleSpinBox(self)
            spin.setObjectName(f"half-life-{category.value}")
            spin.setAccessibleName(f"Half-life of {CATEGORY_LABELS[category].lower()}")
            spin.setRange(0.1, 3650)
            spin.setDecimals(1)
            spin.setSuffix(" days")
            spin.setToolTip(f"After this many days a {CATEGORY_LABELS[category].lower()} point counts half")
            self.half_life_spins[category] = spin
            form.addRow(f"{CATEGORY_LABELS[category]}:", spin)
        self.trend_spin = self._int_spin(1, 365, "trend-window", "How far back the trend arrow compares")
        self.trend_spin.setSuffix(" days")
        form.addRow("T&rend window:", self.trend_spin)
        self.daily_limit_spins: dict[Category, QSpinBox] = {}
        for category in _DECAY_CATEGORIES:
            label = CATEGORY_LABELS[category]
            limit = self._int_spin(
                0,
                100,
                f"daily-limit-{category.value}",
                f"How many times one kind of {label.lower()} counts per lead and day (0: every time)",
            )
            limit.setSpecialValueText("every time")
            limit.setSuffix(" a day")
            self.daily_limit_spins[category] = limit
            form.addRow(f"{label}, each kind:", limit)
        return _page(
            form,
            note="Points fade with age: after one half-life a signal counts half, after two a quarter. "
            "Short half-lives keep only recent buying signals hot. The same kind counts at most so "
            "many times a day: 50 email opens in a day are one open.",
        )

    def _points_page(self) -> QWidget:
        self.point_spins: dict[str, QSpinBox] = {}
        content = QWidget()
        column = QVBoxLayout(content)
        form = _form()
        for category in _POINT_CATEGORIES:
            low, high = POINT_RANGES[category]
            verb = "subtract" if category is Category.NEGATIVE else "add"
            header = QLabel(
                f"<b>{CATEGORY_LABELS[category]}</b> ({verb} {low:g} to {high:g} points each)", content
            )
            if form.rowCount():
                header.setContentsMargins(0, 10, 0, 0)
            form.addRow(header)
            for kind in (k for k in self._book_kinds.values() if k.category is category):
                spin = self._int_spin(int(low), int(high), f"points-{kind.name}", kind.description)
                spin.setAccessibleName(f"Points for {kind.label}")
                if category is Category.NEGATIVE:
                    spin.setPrefix("-")
                self.point_spins[kind.name] = spin
                form.addRow(f"{kind.label}:", spin)
        column.addLayout(form)
        outreach = QLabel(
            "Your own outreach (emails, calls, messages, meetings) earns no points: it counts as a "
            "touch and stops a hot lead's response clock.",
            content,
        )
        outreach.setWordWrap(True)
        outreach.setEnabled(False)
        column.addWidget(outreach)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("settings-points-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _icp_page(self) -> QWidget:
        self.industries_edit = QLineEdit(self)
        self.industries_edit.setObjectName("icp-industries")
        self.industries_edit.setAccessibleName("Ideal industries")
        self.industries_edit.setPlaceholderText("e.g. SaaS, e-commerce, healthcare")
        self.industries_edit.setToolTip("Comma-separated; a contact in one of these fits best")
        self.size_min_spin = self._int_spin(0, 10_000_000, "icp-size-min", "Smallest company you work with")
        self.size_max_spin = self._int_spin(0, 10_000_000, "icp-size-max", "Largest company you work with")
        for spin in (self.size_min_spin, self.size_max_spin):
            spin.setSpecialValueText("Any")
            spin.setSuffix(" people")
            spin.setGroupSeparatorShown(True)
        self.roles_edit = QLineEdit(self)
        self.roles_edit.setObjectName("icp-roles")
        self.roles_edit.setAccessibleName("Decision-maker roles")
        self.roles_edit.setPlaceholderText("e.g. founder, CEO, marketing director")
        self.roles_edit.setToolTip("Comma-separated job titles of the people who decide to buy")
        self.default_fit_spin = self._int_spin(0, 10, "default-fit", "Fit assumed when nothing is known")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Industries:", self.industries_edit)
        form.addRow("Company size &from:", self.size_min_spin)
        form.addRow("Company size &up to:", self.size_max_spin)
        form.addRow("Decision-maker &roles:", self.roles_edit)
        form.addRow("Fit when &unknown:", self.default_fit_spin)
        return _page(
            form,
            note="Demographic fit (0-10) is computed from this profile for contacts without a "
            "hand-set fit: each criterion met counts fully, an unknown field counts half.",
        )

    def _role_page(self) -> QWidget:
        """A recruiting book's fit: the role it hires for and the skills a candidate should have."""
        self.role_title_edit = QLineEdit(self)
        self.role_title_edit.setObjectName("role-title")
        self.role_title_edit.setAccessibleName("The role's title")
        self.role_title_edit.setPlaceholderText("e.g. Senior Python developer")
        self.role_skills_edit = QLineEdit(self)
        self.role_skills_edit.setObjectName("role-skills")
        self.role_skills_edit.setAccessibleName("Required skills")
        self.role_skills_edit.setPlaceholderText("e.g. python, django, postgresql")
        self.role_skills_edit.setToolTip("Comma-separated; looked for in each candidate's role and industry")
        self.default_fit_spin = self._int_spin(0, 10, "default-fit", "Fit assumed when nothing is known")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Title:", self.role_title_edit)
        form.addRow("Required &skills:", self.role_skills_edit)
        form.addRow("Fit when &unknown:", self.default_fit_spin)
        return _page(
            form,
            note="A candidate's fit (0-10) is their match with the role: the share of the required "
            "skills their role and industry name. A candidate with neither filled in counts half.",
        )

    def _profile_edits(self) -> tuple[QLineEdit, ...]:
        if self._recruiting:
            return (self.role_title_edit, self.role_skills_edit)
        return (self.industries_edit, self.roles_edit)

    def _kinds_page(self) -> QWidget:
        self.kinds_list = QListWidget(self)
        self.kinds_list.setObjectName("custom-kinds")
        self.kinds_list.setAccessibleName("Your interaction kinds")
        self.kind_name_edit = QLineEdit(self)
        self.kind_name_edit.setObjectName("custom-kind-name")
        self.kind_name_edit.setPlaceholderText("e.g. podcast_guest")
        self.kind_label_edit = QLineEdit(self)
        self.kind_label_edit.setObjectName("custom-kind-label")
        self.kind_label_edit.setPlaceholderText("e.g. Guest on my podcast")
        self.kind_category_combo = QComboBox(self)
        self.kind_category_combo.setObjectName("custom-kind-category")
        for category in _POINT_CATEGORIES:
            self.kind_category_combo.addItem(CATEGORY_LABELS[category], category.value)
        self.kind_points_spin = self._int_spin(1, 50, "custom-kind-points", "Points each one is worth")
        self.kind_category_combo.currentIndexChanged.connect(self._fit_points_to_category)
        self._fit_points_to_category()
        self.add_kind_button = QPushButton("&Add kind", self)
        self.add_kind_button.setObjectName("add-custom-kind")
        self.add_kind_button.setAutoDefault(False)
        self.add_kind_button.clicked.connect(self.add_kind)
        self.remove_kind_button = QPushButton("&Remove selected", self)
        self.remove_kind_button.setObjectName("remove-custom-kind")
        self.remove_kind_button.setAutoDefault(False)
        self.remove_kind_button.clicked.connect(self.remove_selected_kind)
        self.kind_error = FieldError("custom-kind", self)
        form = _form()
        form.addRow("&Name:", self.kind_name_edit)
        form.addRow("&Label:", self.kind_label_edit)
        form.addRow("Cate&gory:", self.kind_category_combo)
        form.addRow("P&oints:", self.kind_points_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_kind_button)
        buttons.addWidget(self.remove_kind_button)
        buttons.addStretch(1)
        self._show_kinds()
        page = _page(
            self.kinds_list,
            form,
            note="Interaction kinds of your own, logged like LeadTemp's. A kind that logged "
            "interactions use cannot be removed.",
            stretch=False,
        )
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addLayout(buttons)
        layout.addWidget(self.kind_error)
        return page

    def _fit_points_to_category(self) -> None:
        low, high = POINT_RANGES[Category(self.kind_category_combo.currentData())]
        self.kind_points_spin.setRange(int(low), int(high))

    def _show_kinds(self) -> None:
        self.kinds_list.clear()
        for kind in self._custom_kinds:
            category = CATEGORY_LABELS[kind.category].lower()
            self.kinds_list.addItem(f"{kind.label} ({kind.name}): {category}, {kind.points:g} points")

    def add_kind(self) -> None:
        """Add the kind the form describes, refused inline when the core refuses it."""
        try:
            kind = custom_kind(
                self.kind_name_edit.text(),
                str(self.kind_category_combo.currentData()),
                self.kind_points_spin.value(),
                self.kind_label_edit.text(),
            )
            if kind.name in {k.name for k in self._custom_kinds}:
                raise ValidationError(f"there is already a kind named {kind.name}")
        except ValidationError as error:
            self.kind_error.set_problem(str(error))
            return
        self.kind_error.set_problem(None)
        self._custom_kinds.append(kind)
        self.kind_name_edit.clear()
        self.kind_label_edit.clear()
        self._show_kinds()
        self._validate()

    def remove_selected_kind(self) -> None:
        row = self.kinds_list.currentRow()
        if 0 <= row < len(self._custom_kinds):
            del self._custom_kinds[row]
            self._show_kinds()
            self._validate()

    def _int_spin(self, low: int, high: int, name: str, tip: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        return spin

    def _spins(self) -> list[QSpinBox | QDoubleSpinBox]:
        return [
            self.warm_spin,
            self.hot_spin,
            *self.half_life_spins.values(),
            self.trend_spin,
            *self.daily_limit_spins.values(),
            *self.point_spins.values(),
            *(() if self._recruiting else (self.size_min_spin, self.size_max_spin)),
            self.default_fit_spin,
        ]

    # Loading and validating -------------------------------------------------------------

    def _load(self, rules: Rules, templates: Templates) -> None:
        self.warm_spin.setValue(rules.warm_min)
        self.hot_spin.setValue(rules.hot_min)
        for category, days in self.half_life_spins.items():
            days.setValue(rules.half_life(category))
        self.trend_spin.setValue(rules.trend_window_days)
        for category, spin in self.daily_limit_spins.items():
            spin.setValue(rules.daily_limit_of(category))
        catalogue = rules.catalogue
        for name, spin in self.point_spins.items():
            spin.setValue(round(catalogue.get(name).points))
        if self._recruiting:
            self.role_title_edit.setText(rules.role_profile.title)
            self.role_skills_edit.setText(", ".join(rules.role_profile.skills))
        else:
            icp = rules.icp
            self.industries_edit.setText(", ".join(icp.industries))
            self.roles_edit.setText(", ".join(icp.roles))
            self.size_min_spin.setValue(icp.company_size_min or 0)
            self.size_max_spin.setValue(icp.company_size_max or 0)
        self.default_fit_spin.setValue(rules.default_fit)
        self.checklists.set_templates(templates)

    def restore_defaults(self) -> None:
        book = self._base.book
        self._load(
            Rules(caps=dict(self._base.caps), custom_kinds=self._base.custom_kinds, book=book),
            default_templates(book),
        )

    def _points(self) -> dict[str, float]:
        """Overrides only where they differ from the defaults; untouched fractional values stay."""
        current = self._base.catalogue
        kept = {kind.name for kind in self._custom_kinds}
        points = {name: value for name, value in self._base.points.items() if name in kept}
        for name, spin in self.point_spins.items():
            value = float(spin.value())
            previous = current.get(name).points
            if round(previous) == spin.value():
                value = previous
            if value != self._book_kinds[name].points:
                points[name] = value
        return points

    def _half_lives(self) -> dict[str, float]:
        """Unchanged values keep their stored form, so the rules' fingerprint (and every cached
        score) survives a dialog closed with OK but no change."""
        half_lives = dict(self._base.half_lives)
        for category, spin in self.half_life_spins.items():
            for known in (self._base.half_lives[category.value], DEFAULT_HALF_LIVES[category.value]):
                if abs(spin.value() - known) <= 0.05 + 1e-9:
                    half_lives[category.value] = known
                    break
            else:
                half_lives[category.value] = spin.value()
        return half_lives

    def _profile_changes(self) -> dict[str, Any]:
        """The fit tab's share: the role profile in a recruiting book, the ideal client in a sales one."""
        if self._recruiting:
            return {
                "role_profile": role_profile(
                    self.role_title_edit.text(), _words(self.role_skills_edit.text())
                ),
                "default_fit": self.default_fit_spin.value(),
            }
        return {
            "icp": IdealClientProfile(
                industries=_words(self.industries_edit.text()),
                company_size_min=self.size_min_spin.value() or None,
                company_size_max=self.size_max_spin.value() or None,
                roles=_words(self.roles_edit.text()),
            ),
            "default_fit": self.default_fit_spin.value(),
        }

    def _page_changes(self) -> list[dict[str, Any]]:
        """Each tab's share of the rules, in tab order, so a problem can be pinned to its tab."""
        return [
            {"warm_min": self.warm_spin.value(), "hot_min": self.hot_spin.value()},
            {
                "half_lives": self._half_lives(),
                "trend_window_days": self.trend_spin.value(),
                "daily_limit": {c.value: spin.value() for c, spin in self.daily_limit_spins.items()},
            },
            {"points": self._points(), "custom_kinds": tuple(self._custom_kinds)},
            self._profile_changes(),
        ]

    def _validate(self) -> str | None:
        problem: str | None = None
        bad_tab = -1
        rules: Rules | None = self._base
        for tab, changes in enumerate(self._page_changes()):
            if tab == 0 and changes["warm_min"] >= changes["hot_min"]:
                problem = f"warm ({changes['warm_min']}) must start below hot ({changes['hot_min']})"
                bad_tab, rules = tab, None
                break
            try:
                rules = rules.with_changes(**changes) if rules is not None else None
            except ValidationError as error:
                problem, bad_tab, rules = str(error), tab, None
                break
        templates: Templates | None = None
        if problem is None:
            try:
                templates = templates_from_json(self.checklists.to_json())
            except ValidationError as error:
                problem, bad_tab = str(error), self._checklist_tab
        self._rules = rules if problem is None else None
        self._templates = templates if problem is None else None
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.tabs.count()):
            self.tabs.setTabIcon(index, warning if index == bad_tab else QIcon())
        self.error.set_problem(f"{self._tab_names[bad_tab]}: {problem}" if problem else None)
        self.ok_button.setEnabled(problem is None)
        self._show_bands()
        self._schedule_preview()
        return problem

    # Preview ----------------------------------------------------------------------------

    def _schedule_preview(self) -> None:
        if self._preview is None:
            return
        self._preview_serial += 1
        self._preview_timer.stop()
        rules = self._rules
        if rules is None:
            self.preview_label.setText("")
        elif rules.to_json() == self._base.to_json():
            self.preview_label.setText("The scoring rules are unchanged.")
        else:
            self.preview_label.setText("Working out which leads would change temperature…")
            self._preview_timer.start()

    def _request_preview(self) -> None:
        if self._preview is None or self._rules is None:
            return
        serial = self._preview_serial

        def show(result: list[TemperatureMove] | Exception) -> None:
            if shiboken6.isValid(self) and serial == self._preview_serial:
                self._show_preview(result)

        self._preview(self._rules, show)

    def _show_preview(self, result: list[TemperatureMove] | Exception) -> None:
        if isinstance(result, Exception):
            self.preview_label.setText(f"No preview: {result}")
            return
        text = describe_moves(result, limit=_PREVIEW_NAMES, words=words_for(self._base.book))
        self.preview_label.setText(text[0].upper() + text[1:] + ".")

    def preview_text(self) -> str:
        return self.preview_label.text()

    def done(self, result: int) -> None:
        """Closed: no preview is asked for any more, and one still under way is not shown."""
        self._preview_timer.stop()
        self._preview = None
        self._preview_serial += 1
        super().done(result)

    def _show_bands(self) -> None:
        warm, hot = self.warm_spin.value(), self.hot_spin.value()
        if not 0 < warm < hot:
            self.bands_label.setText("—")
            return
        cold_c, warm_c, hot_c = (temperature_color(self, t).name() for t in Temperature)
        self.bands_label.setText(
            f"<span style='color:{cold_c}'>Cold 0–{warm - 1}</span> · "
            f"<span style='color:{warm_c}'>Warm {warm}–{hot - 1}</span> · "
            f"<span style='color:{hot_c}'>Hot {hot}+</span>"
        )

    def is_valid(self) -> bool:
        return self._validate() is None

    def accept(self) -> None:
        """Refuse to close on invalid settings and show the tab that holds the problem."""
        if not self.is_valid():
            for index in range(self.tabs.count()):
                if not self.tabs.tabIcon(index).isNull():
                    self.tabs.setCurrentIndex(index)
            return
        super().accept()

    def rules(self) -> Rules:
        if self._rules is None:
            raise ValueError("the settings are not valid")
        return self._rules

    def templates(self) -> dict[Temperature, tuple[ChecklistItem, ...]]:
        if self._templates is None:
            raise ValueError("the checklist templates are not valid")
        return self._templates
