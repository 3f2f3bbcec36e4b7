"""The card's pin chip says which temperature is the pin and which the score's."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.board.delegate import CardDelegate
from leadtemp.model import Temperature
from tests.desktop.board.test_model import make_card


@pytest.mark.parametrize("room", [400, 200, 150, 120, 90, 40])
def test_the_pin_chip_never_reads_as_pinned_to_the_computed_temperature(
    qapp: QApplication, room: int
) -> None:
    card = make_card(1, 80, Temperature.COLD, computed_temperature=Temperature.HOT, pinned=True)
    metrics = QFontMetrics(QFont())
    prefix, width = CardDelegate.pin_label(card, metrics, room)
    text = prefix + card.computed_temperature.value
    assert text.casefold().endswith("score hot") or text == "Pinned cold · score says hot", text
    assert not text.startswith("Pinned · hot") and text != "Pinned hot"
    if room >= 400:
        assert text == "Pinned cold · score says hot"
        assert width + 8 <= room
