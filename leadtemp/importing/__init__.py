"""Importing contact files: :mod:`~leadtemp.importing.read` parses a file into drafts without the
database; :mod:`~leadtemp.importing.preview` says what would happen to each row, matching people
with :mod:`~leadtemp.importing.dedupe`; :mod:`~leadtemp.importing.plan` turns the preview and the
user's choices into writes, which :mod:`~leadtemp.importing.commit` makes in one transaction (and
takes back); :mod:`~leadtemp.importing.jsonfile` reads a whole book back from its JSON export.
"""
