"""Light and dark palettes that follow the system colour scheme, plus the board's own colours.

Native styles that already follow the system (macOS, Windows 11) keep their palette; elsewhere the
app uses Fusion with one of the palettes below, so dark mode looks right on every desktop. The card
delegate and the stylesheet read their colours from the current :class:`Theme`.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from leadtemp.resources import resource_path
from leadtemp.vocabulary import Temperature

#: Styles that draw dark mode themselves; forcing a palette on them looks wrong.
_SELF_THEMING_STYLES = {"macos", "windows11"}
_MANAGER_ATTRIBUTE = "_leadtemp_theme_manager"


class Appearance(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Theme:
    """Colours the board paints with, for one appearance."""

    dark: bool
    window: QColor
    column: QColor
    card: QColor
    card_border: QColor
    card_hover_border: QColor
    text: QColor
    secondary_text: QColor
    highlight: QColor
    rising: QColor
    falling: QColor
    steady: QColor
    cold: QColor
    warm: QColor
    hot: QColor
    notice: QColor
    notice_text: QColor

    def accent(self, temperature: Temperature) -> QColor:
        return {Temperature.COLD: self.cold, Temperature.WARM: self.warm, Temperature.HOT: self.hot}[
            temperature
        ]

    def tint(self, colour: QColor, amount: float, base: QColor | None = None) -> QColor:
        """``colour`` mixed into ``base`` (the card colour by default): soft pills and fills."""
        under = base or self.card
        return QColor(
            round(under.red() + (colour.red() - under.red()) * amount),
            round(under.green() + (colour.green() - under.green()) * amount),
            round(under.blue() + (colour.blue() - under.blue()) * amount),
        )


LIGHT = Theme(
    dark=False,
    window=QColor("#f3f4f6"),
    column=QColor("#e8eaee"),
    card=QColor("#ffffff"),
    card_border=QColor("#d5d9e0"),
    card_hover_border=QColor("#aab2bf"),
    text=QColor("#1c2230"),
    secondary_text=QColor("#586173"),
    highlight=QColor("#2f6fde"),
    rising=QColor("#1f8a4c"),
    falling=QColor("#b5472f"),
    steady=QColor("#7a8393"),
    cold=QColor("#2b74c7"),
    warm=QColor("#c27400"),
    hot=QColor("#d23c32"),
    notice=QColor("#2a2f3a"),
    notice_text=QColor("#ffffff"),
)

DARK = Theme(
    dark=True,
    window=QColor("#1b1e24"),
    column=QColor("#23272f"),
    card=QColor("#2d323c"),
    card_border=QColor("#3c4350"),
    card_hover_border=QColor("#5a6372"),
    text=QColor("#e7eaf0"),
    secondary_text=QColor("#a2abb9"),
    highlight=QColor("#5b97f5"),
    rising=QColor("#5ccf8a"),
    falling=QColor("#f08a70"),
    steady=QColor("#8d96a5"),
    cold=QColor("#62a6f0"),
    warm=QColor("#f2a93b"),
    hot=QColor("#ff6f61"),
    notice=QColor("#e9ecf2"),
    notice_text=QColor("#1b1e24"),
)


def palette_for(theme: Theme) -> QPalette:
    """A complete Fusion palette, including the disabled group, for one theme."""
    palette = QPalette()
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    if theme.dark:
        colours = {
            role.Window: theme.window,
            role.WindowText: theme.text,
            role.Base: QColor("#262a32"),
            role.AlternateBase: QColor("#2d323c"),
            role.ToolTipBase: QColor("#2d323c"),
            role.ToolTipText: theme.text,
            role.PlaceholderText: QColor("#7d8696"),
            role.Text: theme.text,
            role.Button: QColor("#2d323c"),
            role.ButtonText: theme.text,
            role.BrightText: QColor("#ffffff"),
            role.Light: QColor("#3c4350"),
            role.Midlight: QColor("#343a45"),
            role.Mid: QColor("#242830"),
            role.Dark: QColor("#15171c"),
            role.Shadow: QColor("#000000"),
            role.Highlight: theme.highlight,
            role.HighlightedText: QColor("#ffffff"),
            role.Link: QColor("#7fb0ff"),
            role.LinkVisited: QColor("#b49cff"),
        }
        disabled = QColor("#6b7383")
    else:
        colours = {
            role.Window: theme.window,
            role.WindowText: theme.text,
            role.Base: QColor("#ffffff"),
            role.AlternateBase: QColor("#f4f5f8"),
            role.ToolTipBase: QColor("#ffffff"),
            role.ToolTipText: theme.text,
            role.PlaceholderText: QColor("#8a93a3"),
            role.Text: theme.text,
            role.Button: QColor("#f7f8fa"),
            role.ButtonText: theme.text,
            role.BrightText: QColor("#ffffff"),
            role.Light: QColor("#ffffff"),
            role.Midlight: QColor("#eceef2"),
            role.Mid: QColor("#c4c9d2"),
            role.Dark: QColor("#9aa1ad"),
            role.Shadow: QColor("#5c6370"),
            role.Highlight: theme.highlight,
            role.HighlightedText: QColor("#ffffff"),
            role.Link: QColor("#1f5fc7"),
            role.LinkVisited: QColor("#6a3fc2"),
        }
        disabled = QColor("#a0a6b1")
    for colour_role, colour in colours.items():
        palette.setColor(colour_role, colour)
    for colour_role in (role.WindowText, role.Text, role.ButtonText, role.HighlightedText):
        palette.setColor(group.Disabled, colour_role, disabled)
    palette.setColor(group.Disabled, role.Highlight, theme.steady)
    return palette


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def stylesheet_for(theme: Theme) -> str:
    """The board stylesheet with this theme's colours filled in."""
    template = resource_path("styles", "leadtemp.qss").read_text(encoding="utf-8")
    values = {
        "window": theme.window,
        "column": theme.column,
        "card": theme.card,
        "border": theme.card_border,
        "text": theme.text,
        "secondary": theme.secondary_text,
        "highlight": theme.highlight,
        "notice": theme.notice,
        "notice_text": theme.notice_text,
        "cold": theme.cold,
        "warm": theme.warm,
        "hot": theme.hot,
        "cold_soft": theme.tint(theme.cold, 0.16, theme.column),
        "warm_soft": theme.tint(theme.warm, 0.16, theme.column),
        "hot_soft": theme.tint(theme.hot, 0.16, theme.column),
        "badge": theme.tint(theme.text, 0.1, theme.column),
        "scroll": theme.tint(theme.secondary_text, 0.45, theme.column),
    }
    for key, colour in sorted(values.items(), key=lambda item: -len(item[0])):
        template = template.replace(f"@{key}", colour.name())
    return template


class ThemeManager(QObject):
    """Applies the chosen appearance to the application and follows system changes."""

    changed = Signal()

    def __init__(self, app: QApplication, appearance: Appearance = Appearance.SYSTEM) -> None:
        super().__init__(app)
        self._app = app
        self._appearance = appearance
        self._native = False
        if sys.platform in ("darwin", "win32"):
            # Elsewhere Qt has no other style than Fusion to pick (Windows' own only on request),
            # and asking for the style costs ~4 ms at start-up: PySide then builds the QStyle
            # class with all its enums, which nothing else needs before the first frame.
            name = app.style().name().casefold()
            self._native = name in _SELF_THEMING_STYLES
            if not self._native and name != "fusion":
                fusion = QStyleFactory.create("Fusion")
                if fusion is not None:
                    app.setStyle(fusion)
        self._theme = LIGHT
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        self._apply()

    @classmethod
    def for_application(cls) -> ThemeManager:
        """The application's manager, created on first use (one per QApplication)."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            raise RuntimeError("a QApplication must exist before the theme manager")
        # Kept on the application object rather than looked up with findChild, which makes PySide
        # load a Python class for every kind of child the application has (~10 ms at start-up).
        existing = getattr(app, _MANAGER_ATTRIBUTE, None)
        if isinstance(existing, ThemeManager):
            return existing
        manager = cls(app)
        setattr(app, _MANAGER_ATTRIBUTE, manager)
        return manager

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def appearance(self) -> Appearance:
        return self._appearance

    def set_appearance(self, appearance: Appearance) -> None:
        self._appearance = appearance
        if self._native and appearance is not Appearance.SYSTEM:
            QGuiApplication.styleHints().setColorScheme(
                Qt.ColorScheme.Dark if appearance is Appearance.DARK else Qt.ColorScheme.Light
            )
        elif self._native:
            QGuiApplication.styleHints().unsetColorScheme()
        self._apply()

    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._appearance is Appearance.SYSTEM:
            self._apply()

    def _apply(self) -> None:
        if self._appearance is Appearance.SYSTEM:
            dark = system_prefers_dark()
        else:
            dark = self._appearance is Appearance.DARK
        self._theme = DARK if dark else LIGHT
        if not self._native:
            self._app.setPalette(palette_for(self._theme))
        self.changed.emit()
