"""File-level checks: formats, encodings and files that cannot be imported at all."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from leadtemp.importing.read import (
    ImportFileError,
    detect_format,
    parse_csv,
    parse_file,
    parse_vcard,
    read_text,
)
from tests.leadtemp.importing.sample_paths import REAL_WORLD, SAMPLES


def _png() -> bytes:
    raw = b"\x00\xff\x00\x00"
    chunk = b"IHDR" + bytes([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])
    data = b"IDAT" + zlib.compress(raw)
    return (
        b"\x89PNG\r\n\x1a\n"
        + len(chunk[4:]).to_bytes(4, "big")
        + chunk
        + zlib.crc32(chunk).to_bytes(4, "big")
        + len(data[4:]).to_bytes(4, "big")
        + data
        + zlib.crc32(data).to_bytes(4, "big")
    )


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        (b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n", ".txt", "vcard"),
        (b"\xef\xbb\xbf\r\n  begin:vcard\nfn:x\nend:vcard\n", ".csv", "vcard"),
        (b'  {"contacts": []}', ".csv", "json"),
        (b"Name,Email\nA,a@example.com\n", ".vcf", "vcard"),
        (b"Name,Email\nA,a@example.com\n", ".txt", "csv"),
        ("BEGIN:VCARD\r\n".encode("utf-16"), ".dat", "vcard"),
    ],
)
def test_detect_format_by_content(tmp_path: Path, content: bytes, suffix: str, expected: str) -> None:
    path = tmp_path / f"file{suffix}"
    path.write_bytes(content)
    assert detect_format(path) == expected


def test_detect_format_on_samples() -> None:
    assert detect_format(REAL_WORLD / "thunderbird-export.csv") == "csv"
    assert detect_format(REAL_WORLD / "thunderbird-export-2.1.vcf") == "vcard"


def test_read_text_keeps_line_endings() -> None:
    text, encoding = read_text(REAL_WORLD / "thunderbird-export.csv")
    assert encoding == "utf-8"
    assert "custom\r3" in text and text.count("\r\n") == 3


def test_vcard_in_csv_extension_is_parsed_as_vcard(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes((REAL_WORLD / "thunderbird-export-4.0.vcf").read_bytes())
    result = parse_file(path)
    assert result.format == "vcard" and len(result.drafts) == 2


def test_json_is_refused_politely(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    path.write_text('{"version": 1}')
    with pytest.raises(ImportFileError, match="JSON importer"):
        parse_file(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_png(), "PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"Name,Email\x00\x01\x02\x03\xff\xfe\x00\x00garbage", "binary data"),
        (bytes(range(256)) * 4, "binary data"),
        (b"", "empty"),
        (b"  \r\n\r\n\t ", "empty"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    for parse in (parse_file, parse_csv, parse_vcard):
        with pytest.raises(ImportFileError, match=message) as info:
            parse(path)
        assert "contacts.csv" in str(info.value)
        assert "\n" not in str(info.value)


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"Name,Email\n" + b"x,x@example.com\n" * 200)
    with pytest.raises(ImportFileError, match="too large"):
        parse_file(path, limit_bytes=1024)
    with pytest.raises(ImportFileError, match="too large"):
        parse_csv(path.read_bytes(), limit_bytes=1024)
    with pytest.raises(ImportFileError, match="too large"):
        read_text(path, limit_bytes=1024)
    assert len(parse_file(path, limit_bytes=10_000).drafts) == 200


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="was not found"):
        parse_file(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="is a folder"):
        parse_file(tmp_path)


def test_undecodable_text_is_refused() -> None:
    # UTF-16 BOM followed by an unpaired surrogate.
    with pytest.raises(ImportFileError, match="not valid"):
        parse_csv(b"\xff\xfeN\x00a\x00\x00\xd8")


def test_cyrillic_legacy_encoding_is_guessed() -> None:
    text = "Name;Email;Company;Город\n" + "Иван Петров;ivan@example.ru;Рога и копыта;Москва\n" * 5
    result = parse_csv(text.encode("cp1251"))
    assert result.columns == ["Name", "Email", "Company", "Город"]
    assert result.drafts[0].name == "Иван Петров"
    assert result.drafts[0].company == "Рога и копыта"
    assert result.drafts[0].extra == {"Город": "Москва"}


def test_samples_directory_exists() -> None:
    assert (SAMPLES / "real-world" / "SOURCES.md").exists()


def test_mostly_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = "Name,Company\nJosé Müller,Bäckerei Grün\nRenée,Café\n".encode() + b"Bad \xe9t\xe9,X\n"
    result = parse_csv(data)
    assert result.encoding == "utf-8"
    assert [d.name for d in result.drafts][:2] == ["José Müller", "Renée"]
