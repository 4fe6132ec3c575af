"""What a file holds, decided from its content, never from its extension.

The kind: an XLSX is a zip with ``xl/`` inside, an XLS an OLE2 container, anything else is
text. A text file's encoding: UTF-8 with or without BOM, UTF-16 with BOM as Excel's "Unicode
text" writes it (or without BOM, from its zero bytes), Windows-1252 when UTF-8 fails. Its
delimiter: comma, semicolon, tab or pipe, whichever gives a header and the most consistent rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Callable, Sequence
from typing import IO

from layers.errors import InputError
from layers.io.header import HEADER_SCAN_ROWS

__all__ = [
    "BLOCK_BYTES", "ZIP_MAGIC", "detect_encoding", "head_kind", "read_sample", "sniff_delimiter",
    "sniff_kind", "text_stream",
]

#: read size for hashing and encoding checks
BLOCK_BYTES = 1 << 20
#: first bytes of a zip (a local file header, or the end record of an empty zip)
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

_SAMPLE_CHARS = 1 << 18          # text decoded to sniff the delimiter and find the header
_DELIMITERS = (",", ";", "\t", "|")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def head_kind(head: bytes) -> str:
    """Kind from the first bytes alone: ``zip`` (XLSX included), ``xls``, ``text``, ``empty``."""
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE2):
        return "xls"
    return "text"


def sniff_kind(fh: IO[bytes]) -> str:
    """Kind of a binary stream from its content: ``xlsx``, ``xls``, ``zip``, ``text``, ``empty``.

    ``broken_zip`` when it starts like a zip but cannot be opened. The stream is rewound.
    """
    fh.seek(0)
    kind = head_kind(fh.read(8))
    fh.seek(0)
    if kind != "zip":
        return kind
    try:
        with zipfile.ZipFile(fh) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return "broken_zip"
    finally:
        fh.seek(0)
    return "xlsx" if any(n.startswith("xl/") for n in names) else "zip"


def detect_encoding(fh: IO[bytes], name: str) -> str:
    """Encoding of a text stream (rewound); the whole stream is checked for UTF-8.

    Raises
    ------
    InputError
        Zero bytes that are not UTF-16: not a text table.
    """
    fh.seek(0)
    head = fh.read(4096)
    fh.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        return _utf16_without_bom(head, name)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := fh.read(BLOCK_BYTES):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        fh.seek(0)


def _utf16_without_bom(head: bytes, name: str) -> str:
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    raise InputError("Berkas ini bukan tabel teks, XLSX atau XLS.",
                     "This file is not a text table, XLSX or XLS.", file=name)


def text_stream(fh: IO[bytes], encoding: str) -> io.TextIOWrapper:
    """The stream rewound and decoded (detach it after use, so ``fh`` stays open)."""
    fh.seek(0)
    return io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")


def read_sample(fh: IO[bytes], encoding: str) -> str:
    """The first characters of the text, cut after the last whole line."""
    stream = text_stream(fh, encoding)
    try:
        sample = stream.read(_SAMPLE_CHARS)
    finally:
        stream.detach()
    if len(sample) == _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n") + 1]
    return sample


def sniff_delimiter(sample: str, probe: Callable[[Sequence[str]], bool]
                    ) -> tuple[str, list[list[str]], int] | None:
    """Pick the delimiter whose parse gives a header and the most consistent rows.

    Returns
    -------
    (delimiter, rows, header index) or None
        ``None`` when no delimiter gives a row accepted by ``probe``.
    """
    best: tuple[tuple, str, list[list[str]], int] | None = None
    for delim in _DELIMITERS:
        rows = _parse_sample(sample, delim)
        idx = _first_match(rows, probe)
        if idx is None:
            continue
        width = len(rows[idx])
        body = [r for r in rows[idx + 1:] if any(c.strip() for c in r)]
        fitting = sum(1 for r in body if len(r) in (width, width + 1))
        consistent = fitting / len(body) if body else 1.0
        score = (width > 1, consistent, width, -_DELIMITERS.index(delim))
        if best is None or score > best[0]:
            best = (score, delim, rows, idx)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _parse_sample(sample: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in itertools.islice(reader, HEADER_SCAN_ROWS + 50):
            rows.append(row)
    except csv.Error:
        pass
    return rows


def _first_match(rows: Sequence[Sequence[str]],
                 probe: Callable[[Sequence[str]], bool]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(str(c).strip() for c in row) and probe([str(c).strip() for c in row]):
            return i
    return None
