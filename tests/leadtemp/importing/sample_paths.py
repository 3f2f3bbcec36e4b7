"""Where the importing tests' sample files live."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
REAL_WORLD = SAMPLES / "real-world"
