"""LeadTemp's own CSV: the columns its export writes, and the quote that keeps a spreadsheet from
running a cell as a formula. The export writes it and the importer recognises and reads it back,
so both take it from here.
"""

from __future__ import annotations

#: Header of the export, in order; LeadTemp recognises its own files by it on import.
CSV_COLUMNS: tuple[str, ...] = (
    "ID",
    "Name",
    "Email",
    "LinkedIn",
    "Phone",
    "Company",
    "Role",
    "Industry",
    "Company size",
    "Fit",
    "Source",
    "Notes",
    "Outcome",
    "Archived",
    "Score",
    "Temperature",
    "Computed temperature",
    "Pinned",
    "Last touch",
    "Days since touch",
    "Source file",
    "Created",
    "Updated",
)

#: Which export column feeds which contact field when the file is imported again.
IMPORTED_COLUMNS = {
    "Name": "name",
    "Email": "email",
    "LinkedIn": "linkedin",
    "Phone": "phone",
    "Company": "company",
    "Role": "role",
    "Industry": "industry",
    "Notes": "notes",
}

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text a spreadsheet would evaluate becomes plain text."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a LeadTemp export."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value
