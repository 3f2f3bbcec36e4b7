"""The window is built and painted before the core is loaded: the core loads on a thread of its
own while the first frame is drawn, and the book opens on a worker after it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

#: What building the window must not load: the service, the model of leads and the scoring.
CORE = ("leadtemp.service", "leadtemp.model", "leadtemp.scoring.cards", "leadtemp.scoring.decay")

CHILD = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    import desktop.start_window
    import desktop.window.main_window

    print(",".join(name for name in {CORE!r} if name in sys.modules))
    """
)


def test_building_the_window_loads_none_of_the_core() -> None:
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120, env=environment, cwd=root
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
