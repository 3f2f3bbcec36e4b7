"""A book the user may read but not write, opened in the window as a user the file modes apply
to (root ignores them): the bar says so, the board shows the leads, a pin is refused with one
message and writes nothing, and once the book is writable again the window is back by itself."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

from leadtemp.service import LeadService
from tests.leadtemp.cli.test_book import REPO, shared, user

__all__ = ["shared", "user"]

#: Load the app whole as root (the interpreter may live where only root can read), start Qt, then
#: become the user; each report is one JSON line, and a line on stdin says the book is writable.
_WINDOW_AS_USER = """
import importlib, json, os, pkgutil, sys, time
import encodings.cp1252, encodings.latin_1, encodings.utf_16, encodings.utf_8_sig
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import desktop, leadtemp
for package in (leadtemp, desktop):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
uid, gid, book = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
if os.geteuid() == 0:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)
from desktop.window.main_window import MainWindow
from leadtemp.model import Temperature

def wait(done, seconds=20.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end and not done():
        app.processEvents()
        time.sleep(0.01)
    return bool(done())

def hot():
    model = window.board_model.proxy(Temperature.HOT)
    return [model.index(row, 0).data() for row in range(model.rowCount())]

window = MainWindow(book, auto_refresh=False)
window.show()
def ready():
    return window.service is not None and window.board_model.loaded and not window.workers.busy

report = {"loaded": wait(ready)}
report.update(bar=window.read_only_bar.isVisible(), text=window.read_only_bar.text(), hot=hot())
report["queued"] = window.pin(1, Temperature.COLD)
box = window.active_dialog
report["refusal"] = box.text() if box is not None else None
if box is not None:
    box.reject()
print(json.dumps(report), flush=True)
sys.stdin.readline()
back = wait(lambda: not window.read_only_watch.read_only and ready() and not window.service.read_only)
report = {"recovered": back, "bar": window.read_only_bar.isVisible()}
report["queued"] = window.pin(1, Temperature.COLD)
wait(lambda: not window.workers.busy)
pin = window.service.get_pin(1) if window.service is not None else None
report.update(pin=pin.temperature.value if pin else None, dialog=window.active_dialog is not None)
print(json.dumps(report), flush=True)
sys.stdin.readline()
report = {"queued": window.pin(1, Temperature.HOT)}
wait(lambda: not window.workers.busy and window.active_dialog is not None)
box = window.active_dialog
report.update(bar=window.read_only_bar.isVisible(), refusal=box.text() if box is not None else None)
report["steps"] = window.undo_stack.count()
print(json.dumps(report), flush=True)
window.close()
"""


def test_the_window_on_a_read_only_book_shows_it_refuses_writes_and_recovers_by_itself(
    user: pwd.struct_passwd, shared: Path
) -> None:
    books = shared / "books"
    books.mkdir()
    book = books / "book.db"
    service = LeadService.open(book)
    service.add_contact("Dana Lee", email="dana@example.com")
    service.log_interaction(1, "pricing_request")
    service.close()
    for path in (books, book):
        os.chown(path, user.pw_uid, user.pw_gid)
    book.chmod(0o444)
    books.chmod(0o555)
    before = book.read_bytes()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(REPO), "HOME": str(shared)}
    log = shared / "window.log"
    with (
        log.open("w") as errors,
        subprocess.Popen(
            [sys.executable, "-c", _WINDOW_AS_USER, str(user.pw_uid), str(user.pw_gid), str(book)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
            cwd=shared,
        ) as child,
    ):
        try:
            assert child.stdout is not None and child.stdin is not None
            first = child.stdout.readline()
            assert first, log.read_text()
            shown = json.loads(first)
            assert shown["loaded"] and shown["bar"] and shown["hot"] == ["Dana Lee"]
            assert shown["text"].startswith("book.db is read-only just now")
            assert shown["queued"] is False
            assert shown["refusal"] == "book.db cannot be written just now (read-only): nothing was changed"
            assert book.read_bytes() == before
            books.chmod(0o755)
            book.chmod(0o644)
            child.stdin.write("writable\n")
            child.stdin.flush()
            again = json.loads(child.stdout.readline())
            assert again == {"recovered": True, "bar": False, "queued": True, "pin": "cold", "dialog": False}
            # Read-only again while the window is open: the next write finds out and says so once.
            book.chmod(0o444)
            books.chmod(0o555)
            child.stdin.write("read-only\n")
            child.stdin.flush()
            last = json.loads(child.stdout.readline())
            assert last == {
                "queued": True,
                "bar": True,
                "refusal": "book.db cannot be written just now (read-only): nothing was changed",
                "steps": 1,
            }
            assert child.wait(timeout=30) == 0, log.read_text()
        finally:
            if child.poll() is None:
                child.kill()
