"""The board: one list model per column, its view, the card painter and the search filter."""
