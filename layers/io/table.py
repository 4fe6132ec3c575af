"""Read a table file in chunks of string cells, whatever its kind (:func:`iter_table`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from layers.errors import InputError
from layers.io.archive import InputFile
from layers.io.chunk import TableChunk
from layers.io.excel import iter_xls, iter_xlsx
from layers.io.guard import guard_archive
from layers.io.header import ProbeArg, SelectArg, make_probe
from layers.io.shape import KeysArg, key_columns, scrub_frame
from layers.io.sniff import sniff_kind
from layers.io.text import iter_text
from layers.settings import DEFAULT

__all__ = ["iter_table"]

_READERS = {"text": iter_text, "xlsx": iter_xlsx, "xls": iter_xls}


def iter_table(path: str | os.PathLike | InputFile, *, chunk_rows: int = DEFAULT.chunk_rows,
               header_probe: ProbeArg = None, select: SelectArg = None,
               keys: KeysArg = None) -> Iterator[TableChunk]:
    """Read a table file in chunks of string cells.

    Parameters
    ----------
    path
        A file path or an :class:`~layers.io.InputFile` from :func:`~layers.io.expand_inputs`.
    chunk_rows
        Rows per chunk.
    header_probe
        How to recognise the header row: a collection of key column names (all must be present,
        compared with :func:`~layers.io.normalize_header`), a callable taking the row's cells
        and returning ``True`` for the header, or ``None`` for "the first non-empty row". Rows
        above it are title rows and are skipped. In a workbook every sheet with such a header
        is read (only the first sheet when ``header_probe`` is ``None``).
    select
        Callable taking the header names and returning the names to keep. The other columns
        never reach a returned frame: spreadsheet cells of other columns are not even
        converted, text chunks are cut down right after parsing (every column is parsed so
        that a row with too many cells is caught instead of read shifted).

    Yields
    ------
    TableChunk
        At least one per table read (empty when the table has a header and no data).

    Raises
    ------
    InputError
        Empty or unreadable file, header not found (:class:`~layers.io.HeaderNotFoundError`),
        an XLSX that would unpack too large or too compressed (:mod:`layers.io.guard`).
        Messages name the file and row, never a cell's value. (A text row with more cells than
        the header is not an error: it is left out and listed in ``TableChunk.bad_rows``.)
    """
    src = path if isinstance(path, InputFile) else _plain_input(Path(path))
    probe = make_probe(header_probe)
    chunk_rows = max(1, int(chunk_rows))
    fh = src.open()
    try:
        kind = _table_kind(sniff_kind(fh), src.name)
        if kind == "xlsx":
            guard_archive(fh, src.name)
        allowed: set[str] | None = None
        for chunk in _READERS[kind](fh, src.name, chunk_rows, probe, header_probe is None,
                                    select):
            if allowed is None:
                allowed = key_columns(chunk.header, keys)
            chunk.scrubbed = scrub_frame(chunk.frame, allowed)
            yield chunk
    finally:
        fh.close()


def _plain_input(path: Path) -> InputFile:
    if not path.is_file():
        raise InputError("Berkas tidak ditemukan.", "File not found.", file=path.name)
    return InputFile(name=path.name, source=path)


def _table_kind(kind: str, name: str) -> str:
    """The kind, when it is a table (``text``, ``xlsx``, ``xls``); an error otherwise."""
    if kind == "empty":
        raise InputError("Berkas kosong.", "The file is empty.", file=name)
    if kind == "zip":
        raise InputError("Berkas ini arsip zip, bukan tabel.",
                         "This file is a zip archive, not a table.", file=name)
    if kind == "broken_zip":
        raise InputError("Berkas rusak: terlihat seperti XLSX/zip tetapi tidak dapat dibuka.",
                         "Damaged file: it looks like an XLSX/zip but cannot be opened.",
                         file=name)
    return kind
