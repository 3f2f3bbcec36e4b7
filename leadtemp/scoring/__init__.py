"""Scoring: the catalogue of interaction kinds, the rules, the decaying score and the board it makes.

Pure: no SQL and no I/O, so the store, the service and the window all use the same definitions.
"""
