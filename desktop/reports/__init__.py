"""The Reports window: how the book's leads converted per temperature, drawn with Qt's own painting."""
