"""A whole-book JSON export of any size comes back: written and read row by row, no size limit."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.generate import build
from leadtemp.exporting.json_export import export_json
from leadtemp.importing.jsonfile import import_json
from leadtemp.importing.read import ImportFileError
from leadtemp.importing.read.sniff import DEFAULT_LIMIT_BYTES
from leadtemp.json_stream import JsonReader, JsonStreamError
from leadtemp.service import LeadService
from leadtemp.store.whole_book import TABLES
from leadtemp.validation import MAX_NOTES

END = datetime(2026, 3, 2, tzinfo=UTC)


def dump(service: LeadService) -> dict[str, list[tuple[Any, ...]]]:
    conn = service.store.conn
    tables = {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall() for table in TABLES}
    tables["settings"] = conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
    return tables


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def big_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.db"
    build(path, 3000, 30_000, 5, END)
    return path


def test_a_large_book_round_trips_exactly(big_book: Path, tmp_path: Path) -> None:
    book = LeadService.open(big_book, now=lambda: END)
    fresh = LeadService.open(tmp_path / "fresh.db", now=lambda: END)
    try:
        assert export_json(book, tmp_path / "book.json") == 3000
        summary = import_json(fresh, tmp_path / "book.json")
        assert (summary.contacts, summary.counts["interactions"]) == (3000, 30_000)
        assert dump(fresh) == dump(book)
        assert fresh.board(END).all_cards() == book.board(END).all_cards()
    finally:
        book.close()
        fresh.close()


def test_a_book_past_the_old_50_mb_limit_goes_out_and_back_in_little_memory(tmp_path: Path) -> None:
    notes = "n" * MAX_NOTES
    source = LeadService.open(tmp_path / "source.db", now=lambda: END)
    try:
        with source.store.transaction() as conn:
            conn.executemany(
                "INSERT INTO contacts (name, notes, created_at, updated_at) VALUES (?, ?, 0, 0)",
                ((f"Lead {index}", notes) for index in range(540)),
            )
        exported = tmp_path / "book.json"
        export_peak = peak_bytes(lambda: export_json(source, exported))
    finally:
        source.close()
    size = exported.stat().st_size
    assert size > 54_000_000 > DEFAULT_LIMIT_BYTES
    target = LeadService.open(tmp_path / "target.db", now=lambda: END)
    try:
        import_peak = peak_bytes(lambda: import_json(target, exported))
        assert len(target.contacts()) == 540 and target.contacts()[-1].notes == notes
    finally:
        target.close()
    assert export_peak < size / 16, (export_peak, size)
    assert import_peak < size / 16, (import_peak, size)


def test_every_row_is_one_line_of_the_document(tmp_path: Path) -> None:
    service = LeadService.open(tmp_path / "book.db", now=lambda: END)
    try:
        service.add_contact("Dana Lee", notes="two\nlines")
        service.add_contact("Zoë Brandt")
        export_json(service, tmp_path / "book.json")
    finally:
        service.close()
    text = (tmp_path / "book.json").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith('  {"id"') and '"name"' in line]
    assert [json.loads(line.rstrip(","))["name"] for line in rows] == ["Dana Lee", "Zoë Brandt"]
    assert json.loads(text)["contacts"][0]["notes"] == "two\nlines"


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_the_reader_gives_the_same_values_whatever_the_chunk_size(chunk: int) -> None:
    document = {"format": "x", "n": 12345678, "rows": [{"a": "é" * 5, "b": 1.5e-7}, {}, [1, [2]]], "z": None}
    data = ("\ufeff" + json.dumps(document, ensure_ascii=False, indent=2)).encode("utf-8")
    reader = JsonReader(io.BytesIO(data), chunk_bytes=chunk)
    seen: dict[str, Any] = {}
    for key in reader.members():
        seen[key] = list(reader.elements()) if key == "rows" else reader.value()
    reader.finish()
    assert seen == document


@pytest.mark.parametrize(
    "text", ['{"a": 1', '{"a": 1,}', '{"a" 1}', '{"a": [1, 2}', '{"a": 1} x', '{"a": tru}', "{1: 2}"]
)
def test_the_reader_refuses_what_json_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    reader = JsonReader(io.BytesIO(text.encode()), chunk_bytes=2)
    with pytest.raises(JsonStreamError):
        for _ in reader.members():
            reader.skip()
        reader.finish()


def test_a_file_cut_short_is_refused_and_nothing_is_written(big_book: Path, tmp_path: Path) -> None:
    book = LeadService.open(big_book, now=lambda: END)
    try:
        export_json(book, tmp_path / "book.json")
    finally:
        book.close()
    data = (tmp_path / "book.json").read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) * 2 // 3])
    fresh = LeadService.open(tmp_path / "fresh.db", now=lambda: END)
    try:
        with pytest.raises(ImportFileError, match="is not valid JSON"):
            import_json(fresh, cut)
        assert all(not rows for table, rows in dump(fresh).items() if table != "settings")
    finally:
        fresh.close()
