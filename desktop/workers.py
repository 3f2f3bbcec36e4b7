"""Background operations, in the spirit of Anki's ``QueryOp``: run a callable off the UI thread.

Each operation gets its OWN :class:`LeadService`, opened on the worker thread and closed there,
because an sqlite connection must stay on the thread that opened it. Progress and the result are
delivered to the UI thread through queued signals; operations run one at a time, in order, so a
re-score and a refresh never race each other.
"""

from __future__ import annotations

import contextlib
import sqlite3
import weakref
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from leadtemp import clock
from leadtemp.errors import LeadTempError

if TYPE_CHECKING:
    from leadtemp.service import LeadService

Progress = Callable[[int, int], None]
Operation = Callable[["LeadService", Progress], Any]


class _Relay(QObject):
    """Emitted from the worker thread; lives on the UI thread so connections are queued."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)


class Task(QObject):
    """One background operation as seen from the UI thread."""

    progressed = Signal(int, int)
    finished = Signal()

    def __init__(
        self,
        label: str,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.done = False
        self.cancelled = False
        self.error: Exception | None = None
        self._on_success = on_success
        self._on_failure = on_failure
        self.relay = _Relay()
        connection = Qt.ConnectionType.QueuedConnection
        self.relay.progressed.connect(self._progress, connection)
        self.relay.succeeded.connect(self._succeed, connection)
        self.relay.failed.connect(self._fail, connection)

    def cancel(self) -> None:
        """Ignore the result when it arrives (the window that asked has gone)."""
        self.cancelled = True

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if not self.cancelled:
            self.progressed.emit(done, total)

    @Slot(object)
    def _succeed(self, result: object) -> None:
        if self.cancelled:
            return
        self.done = True
        try:
            self._on_success(result)
        finally:
            self.finished.emit()

    @Slot(object)
    def _fail(self, error: object) -> None:
        if self.cancelled:
            return
        self.done = True
        assert isinstance(error, Exception)
        self.error = error
        try:
            if self._on_failure is not None and isinstance(error, LeadTempError):
                self._on_failure(error)
            else:
                raise error
        finally:
            self.finished.emit()


class _Job(QRunnable):
    def __init__(self, path: Path, now: Callable[[], datetime], operation: Operation, relay: _Relay) -> None:
        super().__init__()
        self._path = path
        self._now = now
        self._operation = operation
        self._relay = relay

    def run(self) -> None:
        try:
            # Imported here, on the worker: the window paints before the core has loaded.
            from leadtemp.service import LeadService

            service = LeadService.open(self._path, now=self._now)
        except Exception as error:
            self._deliver(self._relay.failed, error)
            return
        try:
            result = self._operation(service, self._progress)
        except sqlite3.Error as error:
            # A full disk, a lost drive, a lock held too long: a message to show, not a crash.
            from leadtemp.store.faults import database_error, is_fault

            failure: Exception = database_error(self._path, error) if is_fault(error) else error
            self._deliver(self._relay.failed, failure)
            return
        except Exception as error:
            self._deliver(self._relay.failed, error)
            return
        finally:
            service.close()
        self._deliver(self._relay.succeeded, result)

    def _progress(self, done: int, total: int) -> None:
        self._deliver(self._relay.progressed, done, total)

    @staticmethod
    def _deliver(signal: Any, *args: object) -> None:
        """Emit to the UI thread; if the application is already tearing down there is no one left."""
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class Workers(QObject):
    """Runs operations on one background thread against the database at ``path``."""

    busyChanged = Signal(bool)
    taskStarted = Signal(object)

    def __init__(
        self, path: Path, now: Callable[[], datetime] = clock.now, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.now = now
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._tasks: list[Task] = []
        # Finished tasks are released at the next run or at shutdown, never from inside their own
        # signal: a deferred delete of a child pending when Workers itself is destroyed crashed Qt.
        self._finished: list[Task] = []
        self._closed = False

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def pending(self) -> list[Task]:
        return list(self._tasks)

    def run(
        self,
        label: str,
        operation: Operation,
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Queue ``operation(service, progress)``; ``on_success(result)`` runs on the UI thread.

        ``on_failure`` receives the LeadTempErrors a user should read; any other exception is
        re-raised on the UI thread, where it is a bug to report rather than a message to show.
        """
        if self._closed:
            raise RuntimeError("background workers are shut down")
        self._finished.clear()
        task = Task(label, on_success, on_failure)
        # A weak reference: a closure holding the task would keep it alive through its own signal.
        finished = weakref.ref(task)
        task.finished.connect(lambda: self._forget(finished()))
        was_busy = self.busy
        self._tasks.append(task)
        self._pool.start(_Job(self.path, self.now, operation, task.relay))
        self.taskStarted.emit(task)
        if not was_busy:
            self.busyChanged.emit(True)
        return task

    def wait(self, msecs: int = -1) -> bool:
        """Block until the queued operations have run (shutdown and tests only)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop queued operations, let the running one finish, and ignore late results."""
        self._closed = True
        self._pool.clear()
        self._pool.waitForDone()
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        self._finished.clear()

    def _forget(self, task: Task | None) -> None:
        if task is not None and task in self._tasks:
            self._tasks.remove(task)
            self._finished.append(task)
        if not self._tasks:
            self.busyChanged.emit(False)
