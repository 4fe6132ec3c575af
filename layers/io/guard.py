"""The one guard against zip bombs: zips, XLSX workbooks (zips too) and zips inside zips.

Checked from the sizes each member declares in the archive's central directory, before anything
is unpacked or a workbook reader opens the file, so a hostile file costs a few kilobytes of
reading. Python's :mod:`zipfile` never inflates a member beyond its declared size (it stops and
fails the CRC check), so the declared sizes are a safe bound.

Rules (numbers in :class:`layers.settings.Settings`):

- every member of every archive, nested ones included, counts against one budget of unpacked
  bytes (``max_unzipped_bytes``);
- a member larger than ``zip_ratio_floor_bytes`` once unpacked may expand at most
  ``max_zip_ratio`` times its compressed size (real tables compress 5-20 times; a bomb
  thousands of times);
- zips may nest ``max_zip_depth`` levels (an XLSX inside a zip is a table, not a level).

Reading (:func:`layers.io.expand_inputs`, :func:`layers.io.iter_table`) and upload checking
(:mod:`layers.store.upload`) call :func:`guard_archive`, so they refuse the same files.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from layers.errors import InputError
from layers.settings import DEFAULT, Settings

__all__ = ["ZipBudget", "guard_archive", "mb"]

_HEAD = 8
_NESTED_SPOOL = 64 << 20


@dataclass
class ZipBudget:
    """Unpacked bytes still allowed for one input (all archives and nested members)."""

    settings: Settings = DEFAULT
    used: int = 0


def guard_archive(fh: IO[bytes], name: str, *, budget: ZipBudget | None = None,
                  depth: int = 1) -> None:
    """Refuse a zip or XLSX whose members are too large, too compressed or nested too deep.

    Parameters
    ----------
    fh
        Seekable binary stream of a zip / XLSX (rewound afterwards).
    name
        Display name for messages (no machine path).
    budget
        Shared by every archive of one input; a new one per call when ``None``.
    depth
        Nesting level of this archive (1 = the file itself).

    Raises
    ------
    InputError
        Bilingual, naming the archive and the member.
    """
    budget = budget or ZipBudget()
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            for info in infos:
                _check_member(info, name, budget)
            for info in infos:
                _check_nested(zf, info, name, budget, depth)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError, KeyError):
        raise InputError("Arsip zip rusak atau terkunci sandi.",
                         "The zip archive is damaged or password-protected.",
                         file=name) from None
    finally:
        fh.seek(0)


def _check_member(info: zipfile.ZipInfo, name: str, budget: ZipBudget) -> None:
    s = budget.settings
    where = f"{name}:{info.filename}"
    size, packed = int(info.file_size), max(int(info.compress_size), 1)
    if size > s.zip_ratio_floor_bytes and size > packed * s.max_zip_ratio:
        ratio = size // packed
        raise InputError(
            f"Isi arsip mengembang {ratio} kali lipat saat dibuka (batas {s.max_zip_ratio}), "
            f"{mb(size)} MB: kemungkinan bom zip; berkas ditolak.",
            f"An archive member expands {ratio}-fold when unpacked (limit {s.max_zip_ratio}), "
            f"{mb(size)} MB: a possible zip bomb; the file is refused.", file=where)
    budget.used += size
    if budget.used > s.max_unzipped_bytes:
        raise InputError(
            f"Isi arsip terlalu besar setelah dibuka: lebih dari {mb(s.max_unzipped_bytes)} MB.",
            f"The archive is too large once unpacked: more than "
            f"{mb(s.max_unzipped_bytes)} MB.", file=where)


def _check_nested(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: ZipBudget,
                  depth: int) -> None:
    """Check a member that is itself a zip or XLSX (its sizes count against the budget)."""
    with zf.open(info) as src:
        head = src.read(_HEAD)
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return
    where = f"{name}:{info.filename}"
    with tempfile.SpooledTemporaryFile(max_size=_NESTED_SPOOL) as spool, zf.open(info) as src:
        shutil.copyfileobj(src, spool, 1 << 20)
        spool.seek(0)
        with zipfile.ZipFile(spool) as inner:
            workbook = any(n.startswith("xl/") for n in inner.namelist())
        if not workbook and depth >= budget.settings.max_zip_depth:
            raise InputError(
                f"Zip bersarang terlalu dalam (lebih dari {budget.settings.max_zip_depth} "
                f"tingkat); keluarkan berkasnya dari zip di dalam zip.",
                f"Zips nested too deep (more than {budget.settings.max_zip_depth} levels); "
                f"take the files out of the inner zip.", file=where)
        guard_archive(spool, where, budget=budget, depth=depth if workbook else depth + 1)


def mb(n: int) -> str:
    """Bytes as megabytes for a message (one decimal below 10 MB)."""
    value = n / (1024 * 1024)
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"
