"""The main window: its actions, status bar, notices, contact panel and the watch on other writers."""
