"""PySide6 6.12.0 drops a reference to ``None`` on every call of a Qt method that returns nothing;
on Python 3.11 the process aborts after about a thousand calls ("Fatal Python error:
none_dealloc"). The calls run in a child process so an abort fails this test with its message
instead of killing the test run."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CALLS = 5000

CHILD = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QObject, QPoint

    holder = QObject()
    point = QPoint()
    before = sys.getrefcount(None)
    for index in range({CALLS}):
        holder.setObjectName("lead")
        point.setX(index)
    after = sys.getrefcount(None)
    print(before, after)
    """
)


def test_void_qt_calls_keep_their_reference_to_none() -> None:
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        f"{2 * CALLS} void Qt calls killed the interpreter (exit {result.returncode}); "
        f"a PySide6 that loses references to None? stderr:\n{result.stderr[-2000:]}"
    )
    before, after = (int(value) for value in result.stdout.split())
    # Immortal on 3.12+ (a constant), so only a loss of thousands means the bug is back.
    assert before - after < CALLS // 5, f"None lost {before - after} references over {2 * CALLS} calls"
