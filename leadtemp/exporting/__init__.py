"""Writing the lead book out: CSV for spreadsheets, vCard for address books, JSON for everything."""

from __future__ import annotations

from leadtemp.exporting.csv_export import export_csv
from leadtemp.exporting.json_export import export_json
from leadtemp.exporting.targets import ExportTargetExists, check_export_target
from leadtemp.exporting.vcard_export import export_vcard

EXPORT_FORMATS: tuple[str, ...] = ("csv", "vcard", "json")
_EXTENSIONS = {".csv": "csv", ".vcf": "vcard", ".vcard": "vcard", ".json": "json"}

__all__ = [
    "EXPORT_FORMATS",
    "ExportTargetExists",
    "check_export_target",
    "export_csv",
    "export_json",
    "export_vcard",
    "format_for_path",
]


def format_for_path(path: str) -> str | None:
    """The export format a file name asks for, by its extension."""
    lowered = path.lower()
    for extension, format in _EXTENSIONS.items():
        if lowered.endswith(extension):
            return format
    return None
