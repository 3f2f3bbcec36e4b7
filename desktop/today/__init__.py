"""The Today view: what to do now, in the agenda's order, each entry with one action to log it."""
