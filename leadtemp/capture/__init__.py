"""Capture: interactions that already happened in mail, calendars and marketing tools, logged as events.

Each source (``mail``, ``imap``, ``calendar``, ``activity``, ``linkedin``) turns what it reads into
:class:`~leadtemp.capture.events.Observation` values; one commit step matches them to leads, drops what
was captured before (by its source key) and logs the rest as one undoable batch.
"""
