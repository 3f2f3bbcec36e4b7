"""LeadTemp core library: contacts, interaction log, scoring, checklists and the service API.

This package never imports Qt so it can run headless (CLI, tests, background work).
"""

__version__ = "0.1.0"
