"""A lead book on a PostgreSQL server: the address, the SQL dialect, the schema and the connection.

The store's queries are written once, in SQLite's SQL; :mod:`.dialect` turns each into
PostgreSQL's, so every difference between the two lives in this package.
"""
