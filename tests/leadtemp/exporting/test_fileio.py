"""Atomic writes: a failed export never damages the file that was there before."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from leadtemp import fileio
from leadtemp.exporting.csv_export import export_csv
from leadtemp.fileio import WriteError, atomic_write_bytes
from leadtemp.service import LeadService


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_new_files_are_private_and_complete(tmp_path: Path) -> None:
    path = atomic_write_bytes(tmp_path / "out.csv", b"hello")
    assert path.read_bytes() == b"hello"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_failed_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old content")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", fail)
    with pytest.raises(WriteError, match="No space left on device"):
        atomic_write_bytes(target, b"new content")
    assert target.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


def test_content_that_does_not_read_back_is_never_put_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old content")
    monkeypatch.setattr(Path, "read_bytes", lambda self: b"garbled")
    with pytest.raises(WriteError, match="did not read back"):
        atomic_write_bytes(target, b"new content")
    monkeypatch.undo()
    assert target.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


def test_verify_can_refuse_the_new_content(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_bytes(b"{}")

    def refuse(data: bytes) -> None:
        raise ValueError("not JSON")

    with pytest.raises(ValueError):
        atomic_write_bytes(target, b"{", verify=refuse)
    assert target.read_bytes() == b"{}"
    assert _leftovers(tmp_path) == []


def test_missing_folder_and_folder_targets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist"):
        atomic_write_bytes(tmp_path / "nope" / "out.csv", b"x")
    with pytest.raises(WriteError, match="is a folder"):
        atomic_write_bytes(tmp_path, b"x")


def test_failed_export_leaves_the_previous_export(
    service: LeadService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.add_contact("Dana Lee")
    target = tmp_path / "leads.csv"
    export_csv(service, target)
    previous = target.read_bytes()
    service.add_contact("Sam Ortiz")

    def crash(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fileio.os, "fsync", crash)
    with pytest.raises(WriteError, match="Input/output error"):
        export_csv(service, target)
    assert target.read_bytes() == previous
    assert _leftovers(tmp_path) == []
    assert os.access(target, os.R_OK)
