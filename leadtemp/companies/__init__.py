"""The companies a book's people work for: which company an address belongs to, how senior a
title is, and when a second person from a company joining the conversation is a buying signal.
Pure: no SQL, no files."""
