"""Shared helpers for the reliability tests: child processes that use the repo's ``leadtemp``."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


class Child:
    """A Python child process whose stdout lines arrive on a queue, so reads can time out."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=REPO,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def next_line(self, timeout: float = 60.0) -> str | None:
        """The next line, or None at end of output; fails the test if nothing comes in time."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"child {self.process.args!r} went silent") from None

    def rest(self) -> list[str]:
        """Every remaining line, once the process has ended."""
        self.process.wait(timeout=60)
        self._reader.join(timeout=60)
        lines: list[str] = []
        while True:
            line = self.lines.get_nowait() if not self.lines.empty() else None
            if line is None:
                return lines
            lines.append(line)

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=60)
        self._reader.join(timeout=60)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def damage(path: Path) -> None:
    """Scribble over every page after the first, the way a bad disk or a stray write would."""
    data = bytearray(path.read_bytes())
    for index in range(4096, len(data), 7):
        data[index] = 0xAB
    path.write_bytes(bytes(data))


def fingerprint(path: Path) -> dict[str, bytes]:
    """The bytes of a database and its side files, to prove something left them alone."""
    names = [path.name + suffix for suffix in ("", "-wal", "-journal")]
    return {name: (path.parent / name).read_bytes() for name in names if (path.parent / name).exists()}
