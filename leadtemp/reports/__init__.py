"""Reports: how the book's own leads converted per temperature, against the seeds' figures.

Pure: the service hands in each lead's log and outcomes; nothing here reads the database.
"""
