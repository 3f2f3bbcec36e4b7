"""Writing export files so a crash, a full disk or a bad write never costs the user a good file.

The new content goes to a private temporary file next to the target, is flushed to disk,
read back and compared, and only then renamed over the target in one step.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from leadtemp.errors import LeadTempError

PRIVATE_MODE = stat.S_IRUSR | stat.S_IWUSR
_CHUNK = 1 << 16


class WriteError(LeadTempError):
    """A file could not be written; the previous file, if any, is untouched."""


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    verify: Callable[[bytes], None] | None = None,
) -> Path:
    """Replace ``path`` with ``data`` atomically; the file is created readable by the user only.

    ``verify`` gets the bytes read back from the temporary file and may raise to refuse them.
    """

    def check(temporary: Path, name: str) -> None:
        written = temporary.read_bytes()
        if written != data:
            raise WriteError(f"cannot write {name}: the file did not read back as written")
        if verify is not None:
            verify(written)

    return _replace_with(path, lambda handle: handle.write(data), check)


def atomic_write_stream(
    path: str | os.PathLike[str],
    produce: Callable[[Callable[[bytes], object]], object],
    *,
    verify: Callable[[Path], None] | None = None,
) -> Path:
    """:func:`atomic_write_bytes` for content too large to hold in memory.

    ``produce`` writes the content piece by piece with the function it is given; the file is
    then read back in chunks and compared with a digest of what was written, and ``verify``
    gets the temporary file's path to refuse it if it must.
    """
    digest = hashlib.sha256()

    def fill(handle: BinaryIO) -> None:
        def write(data: bytes) -> None:
            digest.update(data)
            handle.write(data)

        produce(write)

    def check(temporary: Path, name: str) -> None:
        written = hashlib.sha256()
        with temporary.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                written.update(chunk)
        if written.digest() != digest.digest():
            raise WriteError(f"cannot write {name}: the file did not read back as written")
        if verify is not None:
            verify(temporary)

    return _replace_with(path, fill, check)


def _replace_with(
    path: str | os.PathLike[str],
    fill: Callable[[BinaryIO], object],
    check: Callable[[Path, str], None],
) -> Path:
    target = Path(path).expanduser()
    name = target.name or str(target)
    if target.is_dir():
        raise WriteError(f"cannot write {name}: it is a folder")
    folder = target.parent
    if not folder.is_dir():
        raise WriteError(f"cannot write {name}: folder {folder} does not exist")
    temporary = folder / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        _write_private(temporary, fill)
        check(temporary, name)
        os.replace(temporary, target)
    except OSError as error:
        _remove_quietly(temporary)
        raise WriteError(f"cannot write {name}: {error.strerror or error}") from None
    except BaseException:
        _remove_quietly(temporary)
        raise
    _sync_folder(folder)
    return target


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    encoding: str = "utf-8",
    verify: Callable[[bytes], None] | None = None,
) -> Path:
    return atomic_write_bytes(path, text.encode(encoding), verify=verify)


def _write_private(temporary: Path, fill: Callable[[BinaryIO], object]) -> None:
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        fill(handle)
        handle.flush()
        os.fsync(handle.fileno())


def _remove_quietly(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows opening folders."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
