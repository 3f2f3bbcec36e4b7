"""Capture in the window: the review page, File > Capture from file..., and files dropped on the window."""
