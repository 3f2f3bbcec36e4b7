"""Dialogs of the desktop app; they only read through LeadService and hand values back."""

from desktop.dialogs.contact_editor import ContactEditorDialog
from desktop.dialogs.quick_add import QuickAddDialog, QuickAddValues
from desktop.dialogs.settings_dialog import SettingsDialog

__all__ = ["ContactEditorDialog", "QuickAddDialog", "QuickAddValues", "SettingsDialog"]
