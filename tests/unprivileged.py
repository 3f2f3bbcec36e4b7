"""The user tests run things as when they run as root, which ignores file modes and which the
servers the tests start (dovecot, PostgreSQL) refuse: ourselves when not root, else a system user
made for the purpose."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess

TEST_USER = "leadtemp-test"


def unprivileged_user() -> pwd.struct_passwd | None:
    """Ourselves when not root, else the test user (made if needed); None if it cannot be made."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam(TEST_USER)
    except KeyError:
        pass
    useradd = shutil.which("useradd")
    if useradd is None:
        return None
    made = subprocess.run(
        [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", TEST_USER],
        capture_output=True,
        check=False,
    )
    return pwd.getpwnam(TEST_USER) if made.returncode == 0 else None
