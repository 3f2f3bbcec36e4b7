"""Qualification in the window: the contact panel's budget, authority, need and timeline chips and
the undo step a click on one makes."""
