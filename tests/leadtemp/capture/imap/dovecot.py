"""A real IMAP server for the tests and the benchmark: Debian's dovecot on 127.0.0.1, with a config,
a self-signed certificate, a passwd file and Maildirs of its own in a throwaway folder.

The mailbox has an INBOX and a Sent folder flagged ``\\Sent`` (RFC 6154) and an Archive folder;
messages are delivered as Maildir files, which dovecot numbers (UIDs) when a client first looks.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

USER = "dana@example.com"
PASSWORD = "app-password-1234"
FOLDERS = {"INBOX": "", "Sent": ".Sent", "Archive": ".Archive"}
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
DOVEADM = shutil.which("doveadm") or "/usr/bin/doveadm"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
#: Dovecot serves no mail to root: as root, the mailbox belongs to this user (made when missing).


def missing() -> str | None:
    """Why the server cannot run here, or None."""
    if not Path(DOVECOT).exists():
        return "dovecot is not installed (apt-get install -y dovecot-imapd; .ci/run installs it)"
    if not Path(OPENSSL).exists():
        return "openssl is not installed"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Dovecot:
    """One throwaway server; ``start()`` it, ``deliver()`` messages, ``stop()`` it."""

    def __init__(self, root: Path, owner: pwd.struct_passwd, host_name: str = "localhost") -> None:
        self.root = root
        self.owner = owner
        self.port = free_port()
        self.host_name = host_name
        self.config = root / "dovecot.conf"
        self.certificate = root / "server.pem"
        self.home = root / "home"
        self._serial = 0
        self._process: subprocess.Popen[bytes] | None = None
        for sub in FOLDERS.values():
            for part in ("cur", "new", "tmp"):
                (self.maildir / sub / part).mkdir(parents=True, exist_ok=True)
        (self.maildir / "subscriptions").write_text("Sent\nArchive\n")

    @property
    def maildir(self) -> Path:
        return self.home / "Maildir"

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.certificate.exists():
            self._make_certificate()
        self._write_config()
        self.root.chmod(0o711)
        for path in (self.home, *self.home.rglob("*")):
            os.chown(path, self.owner.pw_uid, self.owner.pw_gid)
        self._process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode(errors="replace") if self._process.stderr else ""
                raise RuntimeError(f"dovecot exited: {error.strip() or self._log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.port}: {self._log()}")

    def stop(self) -> None:
        """Kill the server and every process it started (its own session), at once: a test's
        server has nothing to save, and a graceful stop waits seconds for its children."""
        if self._process is not None and self._process.poll() is None:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()
            self._wait_until_closed()
        if self._process is not None and self._process.stderr is not None:
            self._process.stderr.close()
        self._process = None
        # A server killed mid-command leaves its mailbox locks behind (dovecot-uidlist.lock), and
        # the next one would wait out their stale timeout (longer than a client's 30 s) first.
        for lock in self.home.rglob("*.lock"):
            lock.unlink(missing_ok=True)

    def _wait_until_closed(self) -> None:
        """Until nothing answers on the port: the killed server's children die a moment after
        it, and one still holding the listening socket would take the next start's probe (or
        its bind) for its own."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
            except OSError:
                return
            time.sleep(0.05)

    def deliver(
        self, message: bytes, folder: str = "INBOX", *, seen: bool = False, received: float | None = None
    ) -> Path:
        """Drop ``message`` into ``folder`` as a new Maildir file (flagged \\Seen when ``seen``),
        received at ``received`` (a timestamp; dovecot's INTERNALDATE is the file's time)."""
        self._serial += 1
        name = f"{int(time.time())}.M{self._serial}P{os.getpid()}.leadtemp-test"
        sub = self.maildir / FOLDERS[folder]
        target = sub / "cur" / f"{name}:2,S" if seen else sub / "new" / name
        temporary = sub / "tmp" / name
        temporary.write_bytes(message)
        os.chown(temporary, self.owner.pw_uid, self.owner.pw_gid)
        if received is not None:
            os.utime(temporary, (received, received))
        temporary.rename(target)
        return target

    def deliver_all(self, messages: Iterable[bytes], folder: str = "INBOX") -> None:
        for message in messages:
            self.deliver(message, folder)

    def flags(self, folder: str = "INBOX") -> list[str]:
        """The Maildir flags of every message in ``folder`` ("" for none), as dovecot keeps them."""
        sub = self.maildir / FOLDERS[folder]
        return sorted(
            [path.name.split(":2,", 1)[1] if ":2," in path.name else "" for path in (sub / "cur").iterdir()]
            + ["" for _ in (sub / "new").iterdir()]
        )

    def renumber(self, folder: str = "INBOX", uidvalidity: int = 4242) -> None:
        """Give ``folder`` a new UIDVALIDITY, as a server does after it rebuilt its index."""
        subprocess.run(
            [
                DOVEADM,
                "-c",
                str(self.config),
                "mailbox",
                "update",
                "-u",
                USER,
                "--uid-validity",
                str(uidvalidity),
                folder,
            ],
            check=True,
            capture_output=True,
        )

    def _log(self) -> str:
        log = self.root / "dovecot.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def _make_certificate(self) -> None:
        subprocess.run(
            [
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                f"/CN={self.host_name}",
                "-addext",
                f"subjectAltName=DNS:{self.host_name}",
                "-keyout",
                str(self.root / "server.key"),
                "-out",
                str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )

    def _write_config(self) -> None:
        uid, gid = self.owner.pw_uid, self.owner.pw_gid
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        for folder in ("run", "state"):
            (self.root / folder).mkdir(exist_ok=True)
        unprivileged = os.geteuid() != 0
        me = self.owner.pw_name
        users = (
            f"default_internal_user = {me}\ndefault_login_user = {me}\n"
            if unprivileged
            else "default_internal_user = dovecot\ndefault_login_user = dovenull\n"
            # The passwd file is read as root, in a folder that others may only pass through.
            "service auth {\n  user = root\n}\nservice auth-worker {\n  user = root\n}\n"
        )
        self.config.write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
{users}
first_valid_uid = 1
ssl = required
ssl_cert = <{self.certificate}
ssl_key = <{self.root}/server.key
auth_mechanisms = plain login
auth_failure_delay = 0
passdb {{
  driver = passwd-file
  args = {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={self.home}
}}
mail_location = maildir:{self.maildir}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
  }}
  mailbox Archive {{
    special_use = \\Archive
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""
        )
