"""Background operations, in the spirit of Anki's ``QueryOp`` and ``CollectionOp``: run a
callable off the UI thread.

Each operation gets its OWN :class:`LeadService`, opened on the worker thread and closed there,
because an sqlite connection must stay on the thread that opened it (work on the book's files
alone, a backup or a restore, opens none). Progress and the result are delivered to the UI
thread through queued signals; operations run one at a time, in order, so a re-score and a
refresh never race each other. A write's Changes come back with its result and are emitted once.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from leadtemp import clock
from leadtemp.errors import LeadTempError

if TYPE_CHECKING:
    from leadtemp.service import BoardReset, Change, LeadService

Progress = Callable[[int, int], None]
Operation = Callable[["LeadService", Progress], Any]
#: Work on the book's files (a backup, a check, a restore) that opens no service of its own.
FileOperation = Callable[[Progress], Any]
#: What a write reports: one contact's :class:`Change` or a :class:`BoardReset`.
Event: TypeAlias = "Change | BoardReset"


#: What a write made while the book cannot be written is told (it is not kept to be made later).
READ_ONLY_REFUSAL = "{name} cannot be written just now (read-only): nothing was changed"


def _refused(service: LeadService, _progress: Progress) -> None:
    from leadtemp.errors import DatabaseError

    raise DatabaseError(READ_ONLY_REFUSAL.format(name=service.path.name))


class _Relay(QObject):
    """Emitted from the worker thread, each signal naming its task by number.

    One relay per :class:`Workers`, its child on the UI thread: a job holds no QObject of its own,
    so the last reference to one is never dropped on the worker thread.
    """

    progressed = Signal(int, int, int)
    succeeded = Signal(int, object, object)
    failed = Signal(int, object)


class Task(QObject):
    """One background operation as seen from the UI thread."""

    progressed = Signal(int, int)
    finished = Signal()

    def __init__(
        self,
        label: str,
        on_success: Callable[[Any], object],
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

    def cancel(self) -> None:
        """Ignore the result when it arrives (the window that asked has gone)."""
        self.cancelled = True

    def _progress(self, done: int, total: int) -> None:
        if not self.cancelled:
            self.progressed.emit(done, total)

    def _succeed(self, result: object) -> None:
        if self.cancelled:
            return
        self.done = True
        try:
            self._on_success(result)
        finally:
            self.finished.emit()

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
    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime],
        operation: Operation | None,
        relay: _Relay,
        number: int,
        collect: bool,
        file_operation: FileOperation | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self._read_only = read_only
        self._path = path
        self._now = now
        self._operation = operation
        self._relay = relay
        self._number = number
        self._collect = collect
        self._file_operation = file_operation

    def run(self) -> None:
        if self._file_operation is not None:
            self._run_on_files(self._file_operation)
            return
        assert self._operation is not None
        try:
            # Imported here, on the worker: the window paints before the core has loaded.
            from leadtemp.service import LeadService

            service = LeadService.open(self._path, now=self._now, read_only=self._read_only)
        except Exception as error:
            self._deliver(self._relay.failed, self._number, error)
            return
        events: list[Event] = []
        if self._collect:
            service.subscribe(events.append)
        try:
            result = self._operation(service, self._progress)
        except Exception as error:
            # A full disk, a lost drive, a lock held too long: a message to show, not a crash.
            from leadtemp.service import user_error

            self._deliver(self._relay.failed, self._number, user_error(self._path, error))
            return
        finally:
            service.close()
        self._deliver(self._relay.succeeded, self._number, result, events)

    def _run_on_files(self, operation: FileOperation) -> None:
        try:
            result = operation(self._progress)
        except Exception as error:
            self._deliver(self._relay.failed, self._number, error)
            return
        self._deliver(self._relay.succeeded, self._number, result, [])

    def _progress(self, done: int, total: int) -> None:
        self._deliver(self._relay.progressed, self._number, done, total)

    @staticmethod
    def _deliver(signal: Any, *args: object) -> None:
        """Emit to the UI thread; if the application is already tearing down there is no one left."""
        with contextlib.suppress(RuntimeError):
            signal.emit(*args)


class Workers(QObject):
    """Runs operations on one background thread against the database at ``path``.

    The application has one (``create_window`` makes it and the window and its dialogs share
    it), so every database call off the UI thread waits its turn in one queue. A write started
    with :meth:`write` reports what it changed through ``changed``, once, with the list of the
    Changes and BoardResets its service emitted: the window applies them in one place.
    """

    busyChanged = Signal(bool)
    taskStarted = Signal(object)
    changed = Signal(object)

    def __init__(
        self, path: Path, now: Callable[[], datetime] = clock.now, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.now = now
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._relay = _Relay(self)
        connection = Qt.ConnectionType.QueuedConnection
        self._relay.progressed.connect(self._progressed, connection)
        self._relay.succeeded.connect(self._succeeded, connection)
        self._relay.failed.connect(self._failed, connection)
        self._tasks: dict[int, Task] = {}
        self._numbers = itertools.count(1)
        self._closed = False
        #: The book cannot be written just now: each operation opens it only to read, and a
        #: write is refused at once (nothing waits to be written later).
        self.read_only = False

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def pending(self) -> list[Task]:
        return list(self._tasks.values())

    def run(
        self,
        label: str,
        operation: Operation,
        on_success: Callable[[Any], object],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Queue ``operation(service, progress)``; ``on_success(result)`` runs on the UI thread.

        ``on_failure`` receives the LeadTempErrors a user should read; any other exception is
        re-raised on the UI thread, where it is a bug to report rather than a message to show.
        """
        return self._start(label, operation, on_success, on_failure, collect=False)

    def write(
        self,
        label: str,
        operation: Operation,
        on_success: Callable[[Any], object] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Queue a write: as :meth:`run`, and what it changed is emitted through ``changed``
        before ``on_success``, even when the task was cancelled (the write happened). While the
        book is read-only the write is refused as it is queued, with :data:`READ_ONLY_REFUSAL`."""
        if self.read_only:
            operation = _refused
        return self._start(label, operation, on_success or _ignore, on_failure, collect=True)

    def run_on_files(
        self,
        label: str,
        operation: FileOperation,
        on_success: Callable[[Any], object],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> Task:
        """Queue ``operation(progress)``, which works on the book's files without a service (a
        check reads a damaged file; a restore needs the file to itself)."""
        return self._start(label, None, on_success, on_failure, collect=False, file_operation=operation)

    def _start(
        self,
        label: str,
        operation: Operation | None,
        on_success: Callable[[Any], object],
        on_failure: Callable[[Exception], None] | None,
        *,
        collect: bool,
        file_operation: FileOperation | None = None,
    ) -> Task:
        if self._closed:
            raise RuntimeError("background workers are shut down")
        task = Task(label, on_success, on_failure, self)
        number = next(self._numbers)
        was_busy = self.busy
        self._tasks[number] = task
        self._pool.start(
            _Job(self.path, self.now, operation, self._relay, number, collect, file_operation, self.read_only)
        )
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
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()

    @Slot(int, int, int)
    def _progressed(self, number: int, done: int, total: int) -> None:
        task = self._tasks.get(number)
        if task is not None:
            task._progress(done, total)

    @Slot(int, object, object)
    def _succeeded(self, number: int, result: object, events: object) -> None:
        task = self._tasks.get(number)
        if task is None:
            return
        try:
            if events:
                self.changed.emit(events)
            task._succeed(result)
        finally:
            self._forget(number)

    @Slot(int, object)
    def _failed(self, number: int, error: object) -> None:
        task = self._tasks.get(number)
        if task is None:
            return
        try:
            task._fail(error)
        finally:
            self._forget(number)

    def _forget(self, number: int) -> None:
        task = self._tasks.pop(number, None)
        if task is not None:
            task.deleteLater()
        if not self._tasks:
            self.busyChanged.emit(False)


def _ignore(_result: object) -> None:
    pass
