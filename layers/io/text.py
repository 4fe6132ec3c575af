"""Text tables (CSV, TSV, semicolon or pipe separated) read in chunks.

The encoding and the delimiter are sniffed (:mod:`layers.io.sniff`); the file is then parsed by
pandas chunk by chunk, so a big file never has to fit in memory whole. A row with more cells
than the header is left out and reported (:attr:`layers.io.chunk.TableChunk.bad_rows`) instead
of read shifted.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import IO

import numpy as np
import pandas as pd

from layers.errors import InputError
from layers.io.chunk import TableChunk, empty_frame, finish_frame
from layers.io.header import SelectArg, header_not_found, selected_columns, unique_names
from layers.io.sniff import detect_encoding, read_sample, sniff_delimiter, text_stream

__all__ = ["iter_text"]

_MARKUP = re.compile(r"\s*<(!doctype|html|table|\?xml)", re.IGNORECASE)
_BAD_LINE = re.compile(r"Skipping line (\d+): expected (\d+) fields, saw (\d+)")


def iter_text(fh: IO[bytes], name: str, chunk_rows: int,
              probe: Callable[[Sequence[str]], bool], first_only: bool,
              select: SelectArg) -> Iterator[TableChunk]:
    """Chunks of a text table (``first_only`` is accepted for symmetry with workbooks)."""
    encoding = detect_encoding(fh, name)
    delim, rows, hidx = _layout(read_sample(fh, encoding), name, probe)
    header = unique_names(_text_header(rows, hidx))
    keep = selected_columns(header, select)
    stream = text_stream(fh, encoding)
    try:
        # every column is parsed (so a row with too many cells is caught, not shifted), then
        # only the selected ones are kept, chunk by chunk
        reader = pd.read_csv(
            stream, sep=delim, header=None, names=header, skiprows=hidx + 1,
            dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False,
            quotechar='"', doublequote=True, index_col=False, engine="c", chunksize=chunk_rows,
            on_bad_lines="warn")
        skipped: list[int] = []
        yielded = False
        for chunk, bad in _guard_parser(reader, name):
            skipped.extend(r for r, _ in bad)
            frame = chunk[keep].copy()
            del chunk
            rows_no = _record_numbers(frame.index.to_numpy() + hidx + 2, skipped)
            yielded = True
            yield TableChunk(file=name, header=header, frame=finish_frame(frame, rows_no),
                             header_row=hidx + 1, bad_rows=bad)
        if not yielded:
            yield TableChunk(file=name, header=header, frame=empty_frame(keep),
                             header_row=hidx + 1)
    finally:
        stream.detach()


def _layout(sample: str, name: str, probe: Callable[[Sequence[str]], bool]
            ) -> tuple[str, list[list[str]], int]:
    """Delimiter, sample rows and header index; errors for an empty file, HTML, no header."""
    if not sample.strip():
        raise InputError("Berkas kosong.", "The file is empty.", file=name)
    if _MARKUP.match(sample[:512]):
        raise InputError("Berkas ini halaman HTML/XML yang diberi nama tabel; buka di Excel lalu "
                         "simpan ulang sebagai XLSX atau CSV.",
                         "This file is an HTML/XML page named like a table; open it in Excel and "
                         "save it again as XLSX or CSV.", file=name)
    sniffed = sniff_delimiter(sample, probe)
    if sniffed is None:
        raise header_not_found(name)
    return sniffed


def _text_header(rows: list[list[str]], hidx: int) -> list[str]:
    """The header cells, widened when most data rows carry extra trailing cells."""
    cells = list(rows[hidx])
    widths = [len(r) for r in rows[hidx + 1:] if any(c.strip() for c in r)]
    if widths:
        mode = max(set(widths), key=widths.count)
        if mode > len(cells) and widths.count(mode) * 2 > len(widths):
            cells += [""] * (mode - len(cells))
    return cells


def _record_numbers(base: np.ndarray, skipped: list[int]) -> np.ndarray:
    """Spreadsheet numbers of parsed rows, given the record numbers the parser skipped."""
    if not skipped:
        return base
    s = np.sort(np.asarray(skipped, dtype=np.int64))
    shifted = s - np.arange(len(s))
    return base + np.searchsorted(shifted, base, side="right")


def _guard_parser(reader, name: str) -> Iterator[tuple[pd.DataFrame, list[tuple[int, int]]]]:
    """Iterate pandas chunks with the rows skipped for having too many cells.

    Parser errors become messages without cell values.
    """
    it = iter(reader)
    while True:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            try:
                chunk = next(it)
            except (StopIteration, pd.errors.EmptyDataError):
                return
            except (pd.errors.ParserError, ValueError, csv.Error) as exc:
                m = re.search(r"(?:row|line) (\d+)", str(exc))
                raise InputError("Berkas teks tidak dapat diurai (tanda kutip tidak tertutup?).",
                                 "The text file cannot be parsed (unclosed quote?).",
                                 file=name, row=int(m.group(1)) if m else None) from None
        bad = []
        for w in caught:
            for m in _BAD_LINE.finditer(str(w.message)):
                bad.append((int(m.group(1)), int(m.group(3))))
        yield chunk, bad
