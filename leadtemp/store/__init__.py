"""SQLite persistence: opening files safely, migrations and typed queries."""

from leadtemp.store.database import Database, connect
from leadtemp.store.migrations import LATEST_VERSION
from leadtemp.store.store import Store

__all__ = ["LATEST_VERSION", "Database", "Store", "connect"]
