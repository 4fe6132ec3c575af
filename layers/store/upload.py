"""Uploads of a browser import: decoding, size limits, names, and the type of each file.

The type comes from the content, never from the file name; the file-kind sniffer of the project
(:func:`layers.io.sniff_kind`, :func:`layers.io.head_kind`) tells zips, XLSX, XLS and text
apart; this module adds what only uploads need: size limits, the role of the file (boundaries
or households), the binary formats a text check must refuse, and zip-bomb guards.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from layers.errors import InputError
from layers.io import ZipBudget, guard_archive, head_kind, skipped_member, sniff_kind
from layers.io.guard import mb
from layers.settings import DEFAULT

#: largest import accepted (all files of one import together, and so each file): settings
MAX_UPLOAD_BYTES = DEFAULT.max_upload_bytes
#: largest uncompressed content of the zips of one import (guards against zip bombs)
MAX_UNZIPPED_BYTES = DEFAULT.max_unzipped_bytes

#: signatures of binary formats that could otherwise pass the control-character test
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-", b"\x1f\x8b",
                 b"7z\xbc\xaf", b"Rar!\x1a", b"\x7fELF")


@dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser gave and its bytes."""

    name: str
    content: bytes

    @classmethod
    def from_data_url(cls, name: str, data_url: str, *,
                      max_bytes: int = MAX_UPLOAD_BYTES) -> Upload:
        """Decode what ``dcc.Upload`` hands over (``data:<type>;base64,<data>``).

        The size is checked before decoding; the MIME type the browser guessed is ignored.
        """
        safe = safe_name(name)
        payload = data_url.split(",", 1)[1] if "," in data_url[:200] else data_url
        if len(payload) * 3 // 4 > max_bytes:
            raise too_big(safe, len(payload) * 3 // 4, max_bytes)
        try:
            content = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            raise InputError("Unggahan rusak (bukan base64).", "Broken upload (not base64).",
                             file=safe) from None
        return cls(name=name, content=content)


def as_upload(item: Upload | tuple[str, bytes] | dict[str, Any]) -> Upload:
    """An :class:`Upload` from itself, a ``(name, bytes)`` pair or a ``{name, content}`` dict."""
    if isinstance(item, Upload):
        return item
    if isinstance(item, dict):
        return Upload(name=str(item["name"]), content=bytes(item["content"]))
    name, content = item
    return Upload(name=str(name), content=bytes(content))


def sniff_upload(upload: Upload | tuple[str, bytes], *, role: str,
                 max_bytes: int = MAX_UPLOAD_BYTES,
                 max_unzipped_bytes: int = MAX_UNZIPPED_BYTES) -> str:
    """Type of an upload from its content (the file name is not trusted).

    Parameters
    ----------
    upload
        The file.
    role
        ``boundaries`` (GeoJSON, GeoPackage, zip with a Shapefile / GeoPackage / GeoJSON,
        GeoParquet) or ``households`` (CSV / text table, XLSX, XLS, zip of those).

    Returns
    -------
    str
        ``geojson``, ``gpkg``, ``shp_zip``, ``zip``, ``geoparquet`` (boundaries) or ``csv``,
        ``xlsx``, ``xls``, ``zip`` (households).

    Raises
    ------
    InputError
        Too large, empty, or not a type of that role: bilingual, naming the file.
    """
    up = as_upload(upload)
    name = safe_name(up.name)
    if len(up.content) > max_bytes:
        raise too_big(name, len(up.content), max_bytes)
    if not up.content:
        raise InputError("Berkas kosong.", "The file is empty.", file=name)
    if role not in _ROLES:
        raise ValueError(f"unknown role {role!r}")
    kind_of, id_msg, en_msg = _ROLES[role]
    kind = kind_of(up.content, name, max_unzipped_bytes)
    if kind is None:
        raise InputError(id_msg, en_msg, file=name)
    return kind


# --------------------------------------------------------------------------------------------
# kinds by role
# --------------------------------------------------------------------------------------------

def _boundary_kind(content: bytes, name: str, max_unzipped: int) -> str | None:
    head = content[:64]
    if head.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith(b"PAR1"):
        return "geoparquet" if _is_geoparquet(content) else None
    if head_kind(head) == "zip":                        # an XLSX too: refused, no geodata
        members = _zip_members(content, name, max_unzipped)
        suffixes = {PurePosixPath(m).suffix.lower() for m in members}
        if ".shp" in suffixes:
            return "shp_zip"
        if suffixes & {".gpkg", ".geojson", ".json", ".fgb"}:
            return "zip"
        return None
    text = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"{" and b'"type"' in content[: 1 << 20]:
        return "geojson"
    return None


def _household_kind(content: bytes, name: str, max_unzipped: int) -> str | None:
    kind = sniff_kind(io.BytesIO(content))
    if kind == "xlsx":
        _guard(content, name, max_unzipped)
    if kind in ("xlsx", "xls"):
        return kind
    if kind == "broken_zip":
        raise InputError("Arsip zip rusak.", "The zip archive is damaged.", file=name)
    if kind == "zip":
        _check_zip_members(content, name, max_unzipped)
        return "zip"
    if kind == "text" and _looks_like_text(content[: 1 << 16]):
        return "csv"
    return None


def _check_zip_members(content: bytes, name: str, max_unzipped: int) -> None:
    """Every table file of a household zip must be CSV, XLSX or XLS (by content)."""
    members = _zip_members(content, name, max_unzipped)
    if not members:
        raise InputError("Zip tidak berisi berkas tabel.", "The zip holds no table file.",
                         file=name)
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        for member in members:
            with zf.open(member) as fh:
                sample = fh.read(1 << 16)
            if not _is_table_sample(sample):
                raise InputError(
                    "Isi zip bukan CSV, XLSX atau XLS (dikenali dari isinya).",
                    "A file in the zip is not CSV, XLSX or XLS (recognised by content).",
                    file=f"{name}:{member}")


def _is_table_sample(sample: bytes) -> bool:
    """A zip member's first bytes show a table file (a nested zip or XLSX counts as one)."""
    kind = head_kind(sample)
    return kind in ("zip", "xls") or (kind == "text" and _looks_like_text(sample))


def _looks_like_text(sample: bytes) -> bool:
    """Text in UTF-8 / Windows-1252 / UTF-16: no binary signature, hardly any control bytes."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = sample[: len(sample) // 2 * 2].decode("utf-16")
        except UnicodeDecodeError:
            return False
    else:
        if sample.startswith(_BINARY_MAGIC) or b"\x00" in sample:
            return False
        try:
            text = sample.decode("utf-8")
        except UnicodeDecodeError as err:
            text = (sample[: err.start].decode("utf-8") if err.start >= len(sample) - 3
                    else sample.decode("cp1252", errors="replace"))
    if not text:
        return False
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f")
    return bad <= len(text) // 100


def _zip_members(content: bytes, name: str, max_unzipped: int) -> list[str]:
    _guard(content, name, max_unzipped)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise InputError("Arsip zip rusak.", "The zip archive is damaged.", file=name) from None
    return [i.filename for i in infos if not skipped_member(PurePosixPath(i.filename).parts)]


def _guard(content: bytes, name: str, max_unzipped: int) -> None:
    """The project's one zip-bomb guard (sizes, ratios, nesting: :mod:`layers.io.guard`)."""
    budget = ZipBudget(replace(DEFAULT, max_unzipped_bytes=max_unzipped))
    guard_archive(io.BytesIO(content), name, budget=budget)


def _is_geoparquet(content: bytes) -> bool:
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        meta = pq.read_metadata(pa.BufferReader(content)).metadata or {}
    except Exception:                                    # pyarrow raises several error types
        return False
    return b"geo" in meta


#: role -> (kind from content or ``None``, refusal in Bahasa Indonesia, in English)
_ROLES = {
    "boundaries": (
        _boundary_kind,
        "Jenis berkas batas tidak dikenali dari isinya: harus GeoJSON, GeoPackage, "
        "Shapefile dalam zip, atau GeoParquet.",
        "Boundary file type not recognised from its content: it must be GeoJSON, "
        "GeoPackage, a zipped Shapefile or GeoParquet."),
    "households": (
        _household_kind,
        "Jenis berkas rumah tangga tidak dikenali dari isinya: harus CSV, XLSX, XLS "
        "atau zip berisi berkas tersebut.",
        "Household file type not recognised from its content: it must be CSV, XLSX, "
        "XLS or a zip of those."),
}


# --------------------------------------------------------------------------------------------
# names and sizes
# --------------------------------------------------------------------------------------------

def safe_name(name: str) -> str:
    """The base name of an upload, without folders (``C:\\fakepath\\``), odd characters or
    a leading dot / ``~`` (the readers skip such names as hidden or temporary files)."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = unicodedata.normalize("NFC", base).strip()
    base = re.sub(r"[^\w .()\[\]+,-]", "_", base)[:120].strip(" .~")
    return base or "berkas"        # no leading dot or ~: the readers skip hidden/temp files


def unique_name(name: str, seen: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` ... when already in ``seen`` (case-folded,
    added to it)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, n = name, 2
    while candidate.casefold() in seen:
        candidate = f"{stem} ({n}).{suffix}" if suffix else f"{stem} ({n})"
        n += 1
    seen.add(candidate.casefold())
    return candidate


def too_big(name: str, size: int, limit: int) -> InputError:
    """The error of a file over the size limit."""
    return InputError(f"Berkas terlalu besar: {mb(size)} MB, batas {mb(limit)} MB.",
                      f"The file is too large: {mb(size)} MB, the limit is {mb(limit)} MB.",
                      file=name)
