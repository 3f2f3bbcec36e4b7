"""The score breakdown: one row per category with a bar against the rules' cap, and the points a
temperature rule (a fresh buying signal, a "not interested", a held band) added or took away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop.widgets.breakdown_bar import BreakdownBar
from desktop.widgets.labels import BREAKDOWN_LABELS, CATEGORY_LABELS
from leadtemp.model import BREAKDOWN_KEYS, Category, ScoreResult
from leadtemp.scoring.catalogue import Catalogue
from leadtemp.scoring.rules import Rules

BREAKDOWN_COLORS: dict[str, str] = {
    "fit": "#5b7083",
    "behavioral": "#2a9d8f",
    "engagement": "#8e5cc9",
    "explicit_interest": "#d23f3a",
    "negative": "#7f8c8d",
    "rule": "#e07b00",
}
_TOP_CONTRIBUTIONS = 5


class ScoreBreakdown(QWidget):
    """Negative signals have no cap; their bar is scaled to the largest category cap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: dict[str, BreakdownBar] = {}
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        for row, key in enumerate(BREAKDOWN_KEYS):
            name = QLabel(BREAKDOWN_LABELS[key], self)
            bar = BreakdownBar(self)
            bar.setObjectName(f"breakdown-{key}")
            bar.setAccessibleName(f"{BREAKDOWN_LABELS[key]} points")
            value = QLabel(self)
            value.setObjectName(f"breakdown-{key}-value")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("-100 / 100"))
            grid.addWidget(name, row, 0)
            grid.addWidget(bar, row, 1, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row, 2)
            self.bars[key] = bar
            self.values[key] = value

    def set_result(self, result: ScoreResult, rules: Rules, catalogue: Catalogue) -> None:
        largest_cap = max(rules.caps.values())
        for key in BREAKDOWN_KEYS:
            points = result.breakdown.get(key, 0)
            cap = rules.caps.get(key, largest_cap)
            self.bars[key].set_value(points, cap, BREAKDOWN_COLORS[key])
            text = (
                f"{points:+d}"
                if key == "rule"
                else f"{points}"
                if key == "negative"
                else f"{points} / {cap:g}"
            )
            self.values[key].setText(text)
            tip = self._tooltip(key, result, cap, catalogue)
            for widget in (self.bars[key], self.values[key]):
                widget.setToolTip(tip)

    @staticmethod
    def _tooltip(key: str, result: ScoreResult, cap: float, catalogue: Catalogue) -> str:
        if key == "fit":
            return "Demographic fit: hand-set, or computed from your ideal-client profile"
        if key == "rule":
            return result.reason
        category = Category(key)
        lines = [f"<b>{CATEGORY_LABELS[category]}</b>"]
        raw = abs(result.raw.get(key, 0.0))
        lines += [f"{a.points:+.2f}: {a.reason}" for a in result.adjustments if a.key == key]
        if key != "negative" and raw > cap:
            lines.append(f"Capped at {cap:g} (signals add up to {raw:.0f})")
        shares = [c for c in result.contributions if c.category is category]
        for share in shares[:_TOP_CONTRIBUTIONS]:
            label = catalogue.get(share.kind).label if share.kind in catalogue else share.kind
            lines.append(f"{label}, {share.occurred_at.astimezone():%d %b}: {share.points:+.1f}")
        if len(shares) > _TOP_CONTRIBUTIONS:
            lines.append(f"… and {len(shares) - _TOP_CONTRIBUTIONS} more")
        if not shares:
            lines.append("No signals yet")
        return "<br>".join(lines)
