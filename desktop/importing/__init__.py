"""Importing a contact file: the wizard, dropped files and the review of possible duplicates."""
