"""Workbooks (XLSX through openpyxl, XLS through xlrd) read sheet by sheet in chunks.

Every sheet whose first :data:`layers.io.header.HEADER_SCAN_ROWS` rows hold a header is read
(only the first sheet when any non-empty row is a header). Title rows above the header are
skipped. Numeric cells are written without float damage where possible (``3316062002.0`` ->
``"3316062002"``); cells of columns not selected are not even converted.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, NamedTuple

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.io.chunk import TableChunk, empty_frame, finish_frame
from layers.io.header import (
    HEADER_SCAN_ROWS, SelectArg, header_not_found, selected_columns, unique_names,
)

__all__ = ["iter_xls", "iter_xlsx"]

Probe = Callable[[Sequence[str]], bool]
Rows = Iterator[tuple[int, Sequence[Any]]]


class _Sheet(NamedTuple):
    """A worksheet: its name and its rows as ``(row number, cells)`` after a given row."""

    title: str
    rows_after: Callable[[int], Rows]


class _Format(NamedTuple):
    """How to open, list and close one workbook format."""

    kind: str
    open: Callable[[IO[bytes]], Any]
    sheets: Callable[[Any, bool], Iterator[_Sheet]]
    close: Callable[[Any], None]


def iter_xlsx(fh: IO[bytes], name: str, chunk_rows: int, probe: Probe, first_only: bool,
              select: SelectArg) -> Iterator[TableChunk]:
    """Chunks of every sheet of an XLSX workbook that has a header (the first sheet only with
    ``first_only``)."""
    import openpyxl

    fmt = _Format("XLSX", lambda f: openpyxl.load_workbook(f, read_only=True, data_only=True),
                  _xlsx_sheets, lambda wb: wb.close())
    return _iter_book(fmt, fh, name, chunk_rows, probe, first_only, select)


def iter_xls(fh: IO[bytes], name: str, chunk_rows: int, probe: Probe, first_only: bool,
             select: SelectArg) -> Iterator[TableChunk]:
    """Chunks of every sheet of an XLS workbook that has a header (the first sheet only with
    ``first_only``)."""
    import xlrd

    fmt = _Format("XLS", lambda f: xlrd.open_workbook(file_contents=f.read(), on_demand=True),
                  _xls_sheets, lambda book: book.release_resources())
    return _iter_book(fmt, fh, name, chunk_rows, probe, first_only, select)


def _iter_book(fmt: _Format, fh: IO[bytes], name: str, chunk_rows: int, probe: Probe,
               first_only: bool, select: SelectArg) -> Iterator[TableChunk]:
    try:
        book = fmt.open(fh)
    except Exception:  # noqa: BLE001 - openpyxl and xlrd raise many kinds for damaged files
        raise _damaged(fmt.kind, name) from None
    try:
        yield from _iter_sheets(fmt.sheets(book, first_only), fmt.kind, name, chunk_rows,
                                probe, select)
    finally:
        fmt.close(book)


def _xlsx_sheets(wb, first_only: bool) -> Iterator[_Sheet]:
    for ws in wb.worksheets[:1] if first_only else wb.worksheets:
        ws.reset_dimensions()
        yield _Sheet(ws.title, lambda after, ws=ws: (
            (i, row) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
            if i > after))


def _xls_sheets(book, first_only: bool) -> Iterator[_Sheet]:
    for i in range(min(1, book.nsheets)) if first_only else range(book.nsheets):
        sh = book.sheet_by_index(i)
        yield _Sheet(sh.name, lambda after, sh=sh: (
            (r + 1, _xls_row(sh, r, book.datemode)) for r in range(after, sh.nrows)))


def _iter_sheets(sheets: Iterable[_Sheet], kind: str, name: str, chunk_rows: int, probe: Probe,
                 select: SelectArg) -> Iterator[TableChunk]:
    """Chunks of the sheets with a header; errors other than :class:`InputError` (XML or zip
    errors could quote cell content) become a "damaged file" message."""
    found = _find_headers(sheets, kind, name, probe)
    for sheet, (hidx, cells) in found:
        header = unique_names(cells)
        keep = selected_columns(header, select)
        try:
            yield from _rows_to_chunks(sheet.rows_after(hidx + 1), name=name, sheet=sheet.title,
                                       header=header, keep=keep, header_row=hidx + 1,
                                       chunk_rows=chunk_rows, sheets=len(found))
        except InputError:
            raise
        except Exception:  # noqa: BLE001 - XML / zip errors could quote cell content
            raise _damaged(kind, name) from None


def _find_headers(sheets: Iterable[_Sheet], kind: str, name: str, probe: Probe
                  ) -> list[tuple[_Sheet, tuple[int, list[str]]]]:
    """The sheets with a header, each with the header's index and cells."""
    found = []
    try:
        for sheet in sheets:
            hit = _scan_header((cells for _, cells in sheet.rows_after(0)), probe)
            if hit is not None:
                found.append((sheet, hit))
    except Exception:  # noqa: BLE001
        raise _damaged(kind, name) from None
    if not found:
        raise header_not_found(name)
    return found


def _damaged(kind: str, name: str) -> InputError:
    return InputError(f"Berkas {kind} rusak atau tidak dapat dibaca.",
                      f"The {kind} file is damaged or cannot be read.", file=name)


def _scan_header(rows: Iterable[Sequence[Any]], probe: Probe) -> tuple[int, list[str]] | None:
    for i, cells in enumerate(itertools.islice(rows, HEADER_SCAN_ROWS)):
        texts = [_cell_text(c).strip() for c in cells]
        if any(texts) and probe(texts):
            while texts and not texts[-1]:
                texts.pop()
            return i, texts
    return None


def _rows_to_chunks(rows: Iterable[tuple[int, Sequence[Any]]], *, name: str, sheet: str,
                    header: list[str], keep: list[str], header_row: int, chunk_rows: int,
                    sheets: int) -> Iterator[TableChunk]:
    """Group ``(row number, cells)`` into chunks of the kept columns."""
    positions = [header.index(k) for k in keep]
    buf: list[list[str]] = []
    numbers: list[int] = []
    yielded = False

    def flush() -> TableChunk:
        frame = (pd.DataFrame(buf, columns=keep, dtype=str) if buf
                 else empty_frame(keep).drop(columns="_row"))
        return TableChunk(file=name, header=header, frame=finish_frame(frame, np.array(numbers)),
                          sheet=sheet, header_row=header_row, sheets=sheets)

    for number, cells in rows:
        n = len(cells)
        buf.append([_cell_text(cells[p]) if p < n else "" for p in positions])
        numbers.append(number)
        if len(buf) >= chunk_rows:
            yield flush()
            yielded = True
            buf, numbers = [], []
    if buf or not yielded:
        yield flush()


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text, without float damage where possible."""
    cls = value.__class__
    if cls is str:
        return value
    if value is None:
        return ""
    if cls is bool:
        return "TRUE" if value else "FALSE"
    if cls is int:
        return str(value)
    if cls is float:
        if value.is_integer():
            return str(int(value))
        return repr(value) if value == value else ""
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _xls_row(sheet, r: int, datemode: int) -> list[Any]:
    import xlrd

    out: list[Any] = []
    for ctype, value in zip(sheet.row_types(r), sheet.row_values(r)):
        if ctype == xlrd.XL_CELL_DATE:
            try:
                value = xlrd.xldate.xldate_as_datetime(value, datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                pass
        elif ctype == xlrd.XL_CELL_BOOLEAN:
            value = bool(value)
        elif ctype == xlrd.XL_CELL_ERROR:
            value = xlrd.error_text_from_code.get(value, "")
        elif ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            value = None
        out.append(value)
    return out
