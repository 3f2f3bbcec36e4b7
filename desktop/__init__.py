"""LeadTemp desktop app (PySide6)."""
