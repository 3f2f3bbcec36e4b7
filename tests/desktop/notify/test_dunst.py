"""Once for real: a notification reaches Debian's ``dunst`` over a session bus under Xvfb, and its
default action opens the lead in the window. CI installs the three (``.ci/run``); elsewhere the test
says what is missing and skips."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from leadtemp.service import LeadService
from tests.conftest import FakeClock
from tests.desktop.conftest import WARM_KINDS, add_lead
from tests.reliability.helpers import REPO, child_env

_TOOLS = ("dunst", "dunstctl", "Xvfb", "dbus-run-session")
_MISSING = [tool for tool in _TOOLS if shutil.which(tool) is None]


@pytest.mark.skipif(
    bool(_MISSING),
    reason=f"needs {', '.join(_MISSING)} (apt-get install xvfb dbus dbus-x11 dunst; .ci/run installs them)",
)
def test_a_lead_turning_hot_reaches_dunst_and_its_click_opens_the_lead(db_path: Path) -> None:
    service = LeadService.open(db_path)
    clock = FakeClock(service.now())
    try:
        add_lead(service, clock, "Wanda Warm", WARM_KINDS, company="Ember Co")
        add_lead(service, clock, "Cora Cold", ("website_visit",))
    finally:
        service.close()
    env = child_env()
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-m", "tests.desktop.notify.dunst_session", str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["channel"] == "FreedesktopChannel" and seen["tray"] is False
    assert seen["displayed"] is True
    assert seen["opened"] is True
    assert {"summary": "Wanda Warm turned hot", "app": "LeadTemp"}.items() <= seen["history"][0].items()
    assert "pricing request" in seen["history"][0]["body"]
