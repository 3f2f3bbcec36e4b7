"""Telling the user when a lead needs them: the hot-lead watch, the tray and desktop notifications."""
