"""Benchmarks: each figure is a ratio to a baseline timed in the same process on the same data."""
