"""``--self-test`` from source: the same checks the frozen bundle runs in CI (``make package`` then
``dist/LeadTemp/LeadTemp --self-test``). Run in a subprocess so the self-test's application names,
settings and palette never leak into other tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_test_passes_through_the_command_line_flag(tmp_path: Path) -> None:
    result = _run("from desktop.app import main; raise SystemExit(main(['--self-test']))", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    assert any(line.startswith("ok    board moved the card") and "-> hot" in line for line in lines)
    assert not any(line.startswith("FAIL") for line in lines)
    assert "ok    time zones load: from the bundled tzdata package" in lines
    # The user's own data folder is untouched.
    assert not (tmp_path / "data" / "LeadTemp").exists()


def test_self_test_on_a_shared_book_sees_another_connections_change(pg_uri: str, tmp_path: Path) -> None:
    result = _run(
        f"from desktop.app import main; raise SystemExit(main(['--self-test', '--db', {pg_uri!r}]))", tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    database = pg_uri.split("?")[0].rsplit("/", 1)[1]
    assert f"ok    main window built: MainWindow on {database}" in lines
    assert "ok    another connection's change reached the board: hot column" in lines
    assert lines[-1] == "self-test passed"


def test_self_test_fails_with_a_message_when_the_board_does_not_move(tmp_path: Path) -> None:
    code = (
        "from desktop import selftest\n"
        "from leadtemp.model import Temperature\n"
        "selftest.STEPS = (((), Temperature.HOT),)\n"
        "raise SystemExit(selftest.run_self_test())\n"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("FAIL  after logging")


def test_self_test_fails_when_the_build_has_no_time_zones_of_its_own(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['tzdata'] = None  # a build without the package, as PyInstaller makes on Linux\n"
        "from desktop import selftest\n"
        "raise SystemExit(selftest.run_self_test())\n"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("FAIL  the bundled time zones (tzdata) do not load")
