"""The report's charts: where their labels go."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop.reports.charts import LineChart, Series


def test_a_line_charts_first_and_last_labels_stay_within_the_plot(qtbot: QtBot) -> None:
    """Centred under their points, the first label would run into the axis numbers and the
    last past the edge; each is kept within the plot's width instead, and those between stay
    centred under their points."""
    chart = LineChart("Open leads per week")
    qtbot.addWidget(chart)
    chart.resize(600, 220)
    labels = [f"{day} Sep" for day in range(1, 13)]
    chart.set_series([Series("Cold", QColor("blue"), tuple(float(n) for n in range(12)))], labels)
    plot = chart.plot_rect()
    for index in range(len(labels)):
        box, _ = chart.label_box(index)
        assert plot.left() <= box.left() and box.right() <= plot.right()
    middle, _ = chart.label_box(5)
    assert abs(middle.center().x() - chart.x_of(5)) < 1e-6
