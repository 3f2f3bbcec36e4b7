"""A real PostgreSQL server for the tests and the benchmarks: Debian's ``initdb``/``pg_ctl`` on
127.0.0.1, in a throwaway folder, with TLS (a self-signed certificate for ``localhost``) and run by
an unprivileged user (PostgreSQL refuses root; as root, the IMAP tests' user ``leadtemp-test``).

The superuser ``leadtemp`` is trusted over TLS from 127.0.0.1; every other role needs its
password (SCRAM). Each test gets a database of its own (:meth:`PostgresServer.new_database`).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.leadtemp.capture.imap.dovecot import OPENSSL, free_port
from tests.unprivileged import unprivileged_user

SUPERUSER = "leadtemp"


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian keeps them out of PATH, per major version."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def missing() -> str | None:
    """Why the server cannot run here, or None."""
    if binaries() is None:
        return "PostgreSQL is not installed (apt-get install -y postgresql; .ci/run installs it)"
    if not Path(OPENSSL).exists():
        return "openssl is not installed"
    if os.geteuid() == 0 and unprivileged_user() is None:
        return "running as root and cannot create the unprivileged user leadtemp-test (no useradd)"
    return None


class PostgresServer:
    """One throwaway cluster; ``start()`` it, ask it for databases, ``stop()`` it."""

    def __init__(self) -> None:
        bin_dir = binaries()
        assert bin_dir is not None
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="leadtemp-pg-"))
        self.data = self.root / "data"
        self.certificate = self.root / "server.crt"
        self.port = free_port()
        self.host = "localhost"
        self.owner = pwd.getpwuid(os.geteuid()) if os.geteuid() != 0 else unprivileged_user()
        assert self.owner is not None
        self._numbers = itertools.count(1)

    def start(self) -> None:
        self._make_certificate()
        os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
        self.root.chmod(0o755)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync")
        (self.data / "pg_hba.conf").write_text(
            f"local all {SUPERUSER} trust\n"
            f"hostssl all {SUPERUSER} 127.0.0.1/32 trust\n"
            f"hostssl all {SUPERUSER} ::1/128 trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostssl all all ::1/128 scram-sha-256\n"
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = 'localhost'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.root}'\n"
                f"ssl = on\nssl_cert_file = '{self.certificate}'\nssl_key_file = '{self.root}/server.key'\n"
                # A test server has nothing to keep: no waiting for the disk.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\nshared_buffers = 32MB\n"
            )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "start")

    def pause(self) -> None:
        """Stop the server, its books kept (a server that went away), until :meth:`resume`."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def uri(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        """The address a user gives, verifying the server against its certificate."""
        return f"postgresql://{user}@{self.host}:{self.port}/{database}?sslrootcert={self.certificate}"

    def new_database(self) -> str:
        """A fresh, empty database; its name."""
        name = f"book_{next(self._numbers)}"
        self.sql(f"CREATE DATABASE {name}")
        return name

    def empty(self, database: str) -> None:
        """Every row of every table gone and every id counting from 1 again (the schema stays)."""
        self.sql(
            "SET lock_timeout = '5s'; DO $$ BEGIN EXECUTE (SELECT 'TRUNCATE ' || string_agg("
            "quote_ident(tablename), ', ') || ' RESTART IDENTITY CASCADE' FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename != 'leadtemp_schema'); END $$",
            database,
        )

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement as the superuser over the server's socket; what it printed."""
        done = subprocess.run(
            [
                str(self.bin / "psql"),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.root),
                "-p",
                str(self.port),
                "-U",
                SUPERUSER,
                "-d",
                database,
                "-c",
                statement,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        user = self.owner.pw_uid if os.geteuid() == 0 else None
        done = subprocess.run(
            [str(self.bin / program), *args],
            capture_output=True,
            text=True,
            check=False,
            user=user,
            group=self.owner.pw_gid if user is not None else None,
            cwd=self.root,
        )
        if check and done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr.strip()} {tail}")

    def _make_certificate(self) -> None:
        key = self.root / "server.key"
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
                f"/CN={self.host}",
                "-addext",
                f"subjectAltName=DNS:{self.host},IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )
        os.chown(key, self.owner.pw_uid, self.owner.pw_gid)
        key.chmod(0o600)
        self.certificate.chmod(0o644)


def main() -> None:
    """``python -m tests.pg_server``: a server with one empty database, its address on the first
    line, until standard input closes (for CI's check of the frozen app, and by hand)."""
    import sys

    server = PostgresServer()
    server.start()
    try:
        print(server.uri(server.new_database()), flush=True)
        sys.stdin.read()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
