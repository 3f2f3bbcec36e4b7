"""Where the capture fixtures live (see samples/README.md for whose export each one follows)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "samples"
TAKEOUT = SAMPLES / "gmail_takeout.mbox"
ME = ("sam@studio.example", "sam.rivera@gmail.com")
