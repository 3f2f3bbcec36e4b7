"""Reading contact files safely: size limit, binary detection, encoding and format guessing.

Everything here turns unreadable input into :class:`ImportFileError` with a message a
user can act on, so the parsers only ever see decoded text.
"""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import Literal

from leadtemp.database_files import open_database_of
from leadtemp.importing.read.errors import ImportFileError

DEFAULT_LIMIT_BYTES = 50 * 1024 * 1024

PathOrBytes = str | os.PathLike[str] | bytes
FileFormat = Literal["csv", "vcard", "json"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office document (for example .xls)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Characters that cp1252-decoded Western European text plausibly contains; anything
# else suggests another legacy code page, so charset-normalizer gets a say.
_WESTERN_EXTRA = set("€‚„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ ¡¢£¥§©ª«®°´·º»¿")
_LATIN_CODE_PAGES = ["cp1252", "cp1250", "cp1257", "cp1254", "iso8859_15"]
_WORD_RE = re.compile(r"[^\W\d_]+")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_VCARD_RE = re.compile(r"^\s*begin\s*:\s*vcard\s*$", re.IGNORECASE | re.MULTILINE)


def display_name(source: PathOrBytes, source_name: str = "") -> str:
    """Short file name for messages (never a full path, never raw bytes)."""
    if source_name:
        return Path(source_name).name or source_name
    if isinstance(source, bytes):
        return "The file"
    return Path(os.fspath(source)).name or os.fspath(source)


def read_bytes(path: str | os.PathLike[str], limit_bytes: int = DEFAULT_LIMIT_BYTES) -> bytes:
    """Read a whole file, refusing (before reading) anything larger than ``limit_bytes``."""
    name = display_name(path)
    target = Path(os.fspath(path))
    try:
        if target.is_dir():
            raise ImportFileError(f"{name} is a folder, not a contact file.")
        refuse_open_database(target, name)
        size = target.stat().st_size
        if size > limit_bytes:
            raise ImportFileError(_too_large(name, size, limit_bytes))
        with target.open("rb") as handle:
            data = handle.read(limit_bytes + 1)
    except FileNotFoundError:
        raise ImportFileError(f"{name} was not found.") from None
    except PermissionError:
        raise ImportFileError(f"{name} cannot be opened: permission denied.") from None
    except OSError as exc:
        raise ImportFileError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if len(data) > limit_bytes:
        raise ImportFileError(_too_large(name, len(data), limit_bytes))
    return data


def refuse_open_database(path: str | os.PathLike[str], name: str) -> None:
    """Refuse, before reading a byte, the database this process has open or one of its side
    files: reading it would drop SQLite's locks on it (see :mod:`leadtemp.database_files`)."""
    database = open_database_of(path)
    if database is None:
        return
    if database.samefile(path):
        raise ImportFileError(
            f"{name} is the LeadTemp database in use, not a contact list; nothing was read."
        )
    raise ImportFileError(
        f"{name} belongs to the LeadTemp database in use ({database.name}), not a contact list; "
        "nothing was read."
    )


def is_open_database(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is the database this process has open or one of its side files."""
    return open_database_of(path) is not None


def load_bytes(source: PathOrBytes, limit_bytes: int = DEFAULT_LIMIT_BYTES, source_name: str = "") -> bytes:
    """Accept either a path or bytes already in memory, applying the same size limit."""
    if isinstance(source, bytes):
        if len(source) > limit_bytes:
            raise ImportFileError(_too_large(display_name(source, source_name), len(source), limit_bytes))
        return source
    return read_bytes(source, limit_bytes)


def decode_bytes(data: bytes, name: str = "The file") -> tuple[str, str]:
    """Decode file content to text, returning ``(text, encoding)``.

    Order: BOM, BOM-less UTF-16, UTF-8, UTF-8 with a few bad bytes, cp1252 (when the
    result looks Western), charset-normalizer, cp1252 again.  Binary content is refused rather than guessed.
    """
    if not data or data.isspace():
        raise ImportFileError(f"{name} is empty.")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise ImportFileError(_binary_message(name, kind))
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data[len(bom) :], encoding, name), encoding, name)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _checked(_strict(data, utf16, name), utf16, name)
    if b"\x00" in data:
        raise ImportFileError(_binary_message(name, ""))
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return _checked(mostly_utf8, "utf-8", name)
    try:
        text = data.decode("cp1252")
        if _looks_western(text):
            return _checked(text, "cp1252", name)
    except UnicodeDecodeError:
        pass
    guessed = _guess_encoding(data)
    if guessed:
        return _checked(guessed[0], guessed[1], name)
    try:
        return _checked(data.decode("cp1252"), "cp1252", name)
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{name} is not readable text: its character encoding could not be recognised."
        ) from None


def read_text(path: str | os.PathLike[str], limit_bytes: int = DEFAULT_LIMIT_BYTES) -> tuple[str, str]:
    """Read and decode a text file, returning ``(text, encoding)``; line endings are kept."""
    return decode_bytes(read_bytes(path, limit_bytes), display_name(path))


def detect_format_bytes(data: bytes, filename: str = "") -> FileFormat:
    """Guess ``"csv"``, ``"vcard"`` or ``"json"`` from the start of the content, then the name."""
    head = data[:8192]
    encoding = "utf-8"
    for bom, bom_encoding in _BOMS:
        if head.startswith(bom):
            head, encoding = head[len(bom) :], bom_encoding
            break
    else:
        encoding = _bomless_utf16(head) or "utf-8"
    text = head.decode(encoding.replace("-sig", ""), errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "json"
    if _VCARD_RE.search(text):
        return "vcard"
    suffix = Path(filename).suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".json":
        return "json"
    return "csv"


def detect_format(path: str | os.PathLike[str]) -> FileFormat:
    """Guess a file's format by reading only its first few kilobytes (by its name alone for the
    open database, which :func:`read_bytes` then refuses)."""
    if is_open_database(path):
        return detect_format_bytes(b"", os.fspath(path))
    try:
        with Path(os.fspath(path)).open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        head = b""
    return detect_format_bytes(head, os.fspath(path))


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFileError(
            f"{name} starts like {encoding.upper().removesuffix('-SIG')} text but contains "
            "characters that are not valid in that encoding."
        ) from None


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    """Refuse text that is really binary data that happened to decode."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(f"{name} is empty.")
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 100):
        raise ImportFileError(_binary_message(name, ""))
    return text, encoding


def _bomless_utf16(data: bytes) -> str:
    """Recognise UTF-16 without a BOM by the zero byte in every ASCII character."""
    sample = data[:4096]
    if len(sample) < 4:
        return ""
    pairs = len(sample) // 2
    even_zero = sample[0 : pairs * 2 : 2].count(0)
    odd_zero = sample[1 : pairs * 2 : 2].count(0)
    if odd_zero > pairs * 0.3 and even_zero == 0:
        return "utf-16-le"
    if even_zero > pairs * 0.3 and odd_zero == 0:
        return "utf-16-be"
    return ""


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (files glued together) reads better as UTF-8 than
    as cp1252, which would garble every accented letter; bad bytes become U+FFFD."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if not ch.isascii()) - bad
    return text if good and good >= 2 * bad else None


def _looks_western(text: str) -> bool:
    """cp1252 decodes any legacy code page; accept it only when the result reads like
    Western European text: known characters, and accented letters mixed into mostly
    ASCII words (Cyrillic or Greek read as cp1252 gives whole words of accented letters).
    """
    sample = text[:262144]
    if not all(
        ("\u00c0" <= ch <= "\u00ff" and ch not in "×÷") or ch in _WESTERN_EXTRA
        for ch in sample
        if not ch.isascii()
    ):
        return False
    words = [w for w in _WORD_RE.findall(sample) if not w.isascii()]
    foreign = sum(1 for w in words if len(w) >= 3 and not any(ch.isascii() for ch in w))
    return foreign <= len(words) * 0.3


def _guess_encoding(data: bytes) -> tuple[str, str] | None:
    """Ask charset-normalizer, steering it to Latin code pages when accented letters
    stand alone inside ASCII words: on short files it otherwise picks CJK codecs."""
    from charset_normalizer import from_bytes

    sample = data[:262144]
    latin = _isolated_high_bytes(sample) >= 0.5
    matches = from_bytes(sample, cp_isolation=_LATIN_CODE_PAGES if latin else None)
    best = matches.best()
    if best is None or not best.encoding:
        return None
    try:
        return data.decode(best.encoding), codecs.lookup(best.encoding).name
    except (LookupError, UnicodeDecodeError):
        return None


def _isolated_high_bytes(data: bytes) -> float:
    """Share of non-ASCII bytes with ASCII on both sides (one accented letter in a word)."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if not high:
        return 0.0
    last = len(data) - 1
    isolated = sum(1 for i in high if (i == 0 or data[i - 1] < 0x80) and (i == last or data[i + 1] < 0x80))
    return isolated / len(high)


def _binary_message(name: str, kind: str) -> str:
    if kind == "a ZIP archive":
        return (
            f"{name} is a ZIP archive, not a contact list. Unzip it first and import the "
            ".csv or .vcf file inside (Excel .xlsx files must be saved as CSV)."
        )
    if kind:
        return f"{name} is {kind}, not a contact list (CSV or vCard)."
    return f"{name} is not a text file (it contains binary data), so it cannot be imported."


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name} is too large to import ({_human(size)}; the limit is {_human(limit)}). "
        "Split it into smaller files."
    )


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
